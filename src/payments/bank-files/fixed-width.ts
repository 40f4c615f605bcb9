/**
 * Reading fields of fixed-width CNAB records by the 1-based, inclusive positions the bank
 * manuals print ("078-092"). Every bad field is reported as a problem naming the line and
 * field; the reader then returns a neutral value so the parser can go on and report the rest.
 */
import { isIsoDate } from '../../domain/dates.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { StatementProblem } from './statement.ts';
import type { SourceLine } from './text.ts';

/**
 * The file's lines as records of `length` characters. Lines shorter than that are padded with
 * blanks (e-mail clients and text editors strip trailing blanks; bank staff accept such files),
 * with a warning; a longer line is a problem.
 */
export function fixedWidthLines(
  source: readonly SourceLine[],
  length: number,
  layout: string,
  problems: StatementProblem[],
  warnings: StatementProblem[],
): SourceLine[] {
  const padded = source.filter((l) => l.text.length < length);
  for (const { lineNo, text } of source) {
    if (text.length > length)
      problems.push({ line: lineNo, field: 'length', message: `line has ${text.length} characters; ${layout} records have exactly ${length}` });
  }
  if (padded.length > 0) {
    const which = padded.length === 1 ? `line ${padded[0]!.lineNo} was` : `${padded.length} lines (first: line ${padded[0]!.lineNo}) were`;
    warnings.push({
      line: padded[0]!.lineNo,
      field: 'length',
      message: `${which} shorter than ${length} characters (trailing blanks stripped?) and read padded with blanks`,
    });
  }
  return source.map((l) => (l.text.length < length ? { lineNo: l.lineNo, text: l.text.padEnd(length, ' ') } : l));
}

export class FixedWidthRecord {
  constructor(
    readonly text: string,
    readonly lineNo: number,
    private readonly problems: StatementProblem[],
  ) {}

  /** Characters from `start` to `end`, 1-based and inclusive, as printed in the layouts. */
  raw(start: number, end: number): string {
    return this.text.slice(start - 1, end);
  }

  trimmed(start: number, end: number): string {
    return this.raw(start, end).trim();
  }

  problem(field: string | undefined, message: string): void {
    this.problems.push(field === undefined ? { line: this.lineNo, message } : { line: this.lineNo, field, message });
  }

  /** A numeric field; undefined (and a problem) when it holds anything but digits. */
  digits(start: number, end: number, field: string): string | undefined {
    const value = this.raw(start, end);
    if (/^[0-9]+$/.test(value)) return value;
    this.problem(field, `${describe(field, start, end)} must be digits, found "${printable(value)}"`);
    return undefined;
  }

  /**
   * An amount with 2 implied decimals ("000000000012345" = 123.45). All blanks count as zero:
   * several banks leave unused amount fields blank although the layouts say zeros.
   */
  amount(start: number, end: number, field: string): number {
    const value = this.raw(start, end);
    if (value.trim() === '') return 0;
    if (/^[0-9]+$/.test(value)) return Number(value);
    this.problem(field, `${describe(field, start, end)} must be an amount in digits with 2 implied decimals, found "${printable(value)}"`);
    return 0;
  }

  /** DDMMAAAA; zeros or blanks mean "no date". */
  date8(start: number, end: number, field: string): IsoDate | undefined {
    const value = this.raw(start, end);
    if (/^(0{8}| {8})$/.test(value)) return undefined;
    const iso = `${value.slice(4, 8)}-${value.slice(2, 4)}-${value.slice(0, 2)}`;
    if (/^[0-9]{8}$/.test(value) && isIsoDate(iso)) return iso;
    this.problem(field, `${describe(field, start, end)} must be a date DDMMAAAA, found "${printable(value)}"`);
    return undefined;
  }

  /** AAAAMMDD (Sicredi's CNAB 400 file and credit dates); zeros or blanks mean "no date". */
  dateYmd8(start: number, end: number, field: string): IsoDate | undefined {
    const value = this.raw(start, end);
    if (/^(0{8}| {8})$/.test(value)) return undefined;
    const iso = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    if (/^[0-9]{8}$/.test(value) && isIsoDate(iso)) return iso;
    this.problem(field, `${describe(field, start, end)} must be a date AAAAMMDD, found "${printable(value)}"`);
    return undefined;
  }

  /** DDMMAA, read as 20AA (CNAB 400 files are all from this century); zeros or blanks mean none. */
  date6(start: number, end: number, field: string): IsoDate | undefined {
    const value = this.raw(start, end);
    if (/^(0{6}| {6})$/.test(value)) return undefined;
    const iso = `20${value.slice(4, 6)}-${value.slice(2, 4)}-${value.slice(0, 2)}`;
    if (/^[0-9]{6}$/.test(value) && isIsoDate(iso)) return iso;
    this.problem(field, `${describe(field, start, end)} must be a date DDMMAA, found "${printable(value)}"`);
    return undefined;
  }

  /** Codes of `width` characters packed in a field ("0214  00"), without blanks and zeros. */
  codes(start: number, end: number, width = 2): string[] {
    const value = this.raw(start, end);
    const codes: string[] = [];
    for (let i = 0; i + width <= value.length; i += width) {
      const code = value.slice(i, i + width);
      if (code.trim() !== '' && !/^0+$/.test(code)) codes.push(code.trim());
    }
    return codes;
  }
}

function describe(field: string, start: number, end: number): string {
  return `${field} (positions ${pad3(start)}-${pad3(end)})`;
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/** Control characters shown as "?" so that a message never carries raw bytes. */
export function printable(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const shown = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
