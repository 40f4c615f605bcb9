/**
 * The 47-digit linha digitável and its conversion to and from the 44-digit
 * barcode (FEBRABAN):
 *
 *   field 1 (10): bank (3) + currency (1) + free field 1-5   + check digit (mod 10)
 *   field 2 (11): free field 6-15                             + check digit (mod 10)
 *   field 3 (11): free field 16-25                            + check digit (mod 10)
 *   field 4 (1):  the barcode's general check digit
 *   field 5 (14): due-date factor (4) + amount (10)
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import { readBarcode } from './barcode.ts';
import { mod10 } from './check-digits.ts';
import type { BoletoError } from './error.ts';

function withMod10(digits: string): string {
  return `${digits}${mod10(digits)}`;
}

/** Barcode → line. The barcode must pass `readBarcode` (length, digits, general check digit). */
export function barcodeToLine(barcode: string): Result<string, BoletoError> {
  const read = readBarcode(barcode);
  if (!read.ok) return read;
  const free = read.value.freeField;
  const field1 = withMod10(`${barcode.slice(0, 4)}${free.slice(0, 5)}`);
  const field2 = withMod10(free.slice(5, 15));
  const field3 = withMod10(free.slice(15, 25));
  return ok(`${field1}${field2}${field3}${barcode.slice(4, 5)}${barcode.slice(5, 19)}`);
}

/**
 * Line → barcode, checking the three field check digits and then the
 * general check digit, in that order, naming the first that fails.
 */
export function lineToBarcode(line: string): Result<string, BoletoError> {
  if (!/^[0-9]*$/.test(line)) return err({ check: 'digits', message: 'a linha digitável has only digits' });
  if (line.length !== 47) {
    return err({ check: 'length', message: `a linha digitável has 47 digits, this has ${line.length}` });
  }
  const fields = [
    { check: 'field1_dv', number: 1, body: line.slice(0, 9), dv: line.slice(9, 10) },
    { check: 'field2_dv', number: 2, body: line.slice(10, 20), dv: line.slice(20, 21) },
    { check: 'field3_dv', number: 3, body: line.slice(21, 31), dv: line.slice(31, 32) },
  ] as const;
  for (const field of fields) {
    const expected = String(mod10(field.body));
    if (field.dv !== expected) {
      return err({ check: field.check, message: `check digit of field ${field.number} is ${field.dv}, expected ${expected}` });
    }
  }
  const barcode = `${line.slice(0, 4)}${line.slice(32, 33)}${line.slice(33, 47)}${line.slice(4, 9)}${line.slice(10, 20)}${line.slice(21, 31)}`;
  const read = readBarcode(barcode);
  if (!read.ok) {
    return err({ check: read.error.check, message: read.error.message.replace('(position 5)', '(field 4 of the line)') });
  }
  return ok(barcode);
}

/** "00190.00009 01149.718601 68524.522114 6 75860000102656", as printed on a boleto. */
export function formatLine(line: string): string {
  if (!/^[0-9]{47}$/.test(line)) return line;
  return [
    `${line.slice(0, 5)}.${line.slice(5, 10)}`,
    `${line.slice(10, 15)}.${line.slice(15, 21)}`,
    `${line.slice(21, 26)}.${line.slice(26, 32)}`,
    line.slice(32, 33),
    line.slice(33, 47),
  ].join(' ');
}
