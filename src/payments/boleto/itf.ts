/**
 * Interleaved 2 of 5 (ITF), the symbology of the boleto barcode. Digits are
 * taken in pairs: the first digit of a pair is drawn in the 5 bars, the
 * second in the 5 spaces between them, each digit as 2 wide and 3 narrow
 * elements. A start pattern (narrow bar, narrow space, narrow bar, narrow
 * space) precedes the pairs and a stop pattern (wide bar, narrow space,
 * narrow bar) ends them.
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import type { BoletoError } from './error.ts';

/** Wide (1) / narrow (0) elements of each digit. */
const DIGIT_WIDTHS: readonly string[] = ['00110', '10001', '01001', '11000', '00101', '10100', '01100', '00011', '10010', '01010'];

export interface ItfElement {
  /** A bar (ink) or a space. */
  readonly bar: boolean;
  readonly wide: boolean;
}

export interface ItfBar {
  readonly x: number;
  readonly width: number;
}

function check(digits: string): BoletoError | undefined {
  if (!/^[0-9]*$/.test(digits)) return { check: 'digits', message: 'ITF encodes digits only' };
  if (digits.length === 0 || digits.length % 2 !== 0) {
    return { check: 'length', message: `ITF encodes a non-empty even number of digits, got ${digits.length}` };
  }
  return undefined;
}

/** The sequence of elements, alternating bar and space, starting and ending with a bar. */
export function itfElements(digits: string): Result<ItfElement[], BoletoError> {
  const problem = check(digits);
  if (problem !== undefined) return err(problem);
  const elements: ItfElement[] = [
    { bar: true, wide: false },
    { bar: false, wide: false },
    { bar: true, wide: false },
    { bar: false, wide: false },
  ];
  for (let i = 0; i < digits.length; i += 2) {
    const bars = DIGIT_WIDTHS[Number(digits[i])] ?? '';
    const spaces = DIGIT_WIDTHS[Number(digits[i + 1])] ?? '';
    for (let k = 0; k < 5; k++) {
      elements.push({ bar: true, wide: bars[k] === '1' }, { bar: false, wide: spaces[k] === '1' });
    }
  }
  elements.push({ bar: true, wide: true }, { bar: false, wide: false }, { bar: true, wide: false });
  return ok(elements);
}

/** The elements as text: "N"/"W" for narrow/wide bars, "n"/"w" for narrow/wide spaces. */
export function itfPattern(digits: string): Result<string, BoletoError> {
  const elements = itfElements(digits);
  if (!elements.ok) return elements;
  return ok(elements.value.map((e) => (e.bar ? (e.wide ? 'W' : 'N') : e.wide ? 'w' : 'n')).join(''));
}

/**
 * Geometry of the bars: x offset and width of every bar, for a narrow
 * element of `narrow` units and a wide one of `narrow * ratio`; `width` is
 * the symbol's total width (without quiet zones).
 */
export function itfBars(digits: string, narrow: number, ratio = 3): Result<{ bars: ItfBar[]; width: number }, BoletoError> {
  const elements = itfElements(digits);
  if (!elements.ok) return elements;
  const bars: ItfBar[] = [];
  let x = 0;
  for (const element of elements.value) {
    const width = element.wide ? narrow * ratio : narrow;
    if (element.bar) bars.push({ x, width });
    x += width;
  }
  return ok({ bars, width: x });
}
