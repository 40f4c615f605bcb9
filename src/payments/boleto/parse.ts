/**
 * Validate a pasted boleto (linha digitável or barcode) and return its
 * fields, or the first failing check:
 *   'digits'     something other than digits, spaces, dots and dashes
 *   'length'     neither 47 (line) nor 44 (barcode) digits
 *   'field1_dv' | 'field2_dv' | 'field3_dv'   a line field's modulo 10 digit
 *   'general_dv' the modulo 11 digit at barcode position 5 / line field 4
 *   'currency'   currency code other than 9 (real)
 *   'reference_date'  the reference date given by the caller is not a date
 * The due date is resolved from the factor with `dateForFactor`, choosing
 * the date closest to `referenceIsoDate` (e.g. today).
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import { CURRENCY_REAL, readBarcode } from './barcode.ts';
import { dateForFactor } from './due-date-factor.ts';
import type { BoletoError } from './error.ts';
import { barcodeToLine, lineToBarcode } from './line.ts';

export interface ParsedBoleto {
  readonly bankCode: string;
  readonly currency: string;
  /** ISO date, or null when the factor is 0000 (no due date). */
  readonly dueDate: string | null;
  readonly factor: number;
  /** Centavos; 0 means the payer fills in the amount. */
  readonly amountMinor: number;
  readonly freeField: string;
  readonly barcode: string;
  readonly line: string;
}

export function parseBoleto(input: string, referenceIsoDate: string): Result<ParsedBoleto, BoletoError> {
  if (typeof input !== 'string') return err({ check: 'digits', message: 'a boleto line or barcode must be text' });
  const digits = input.replace(/[\s.-]/g, '');
  const stray = /[^0-9]/.exec(digits);
  if (stray !== null) {
    return err({
      check: 'digits',
      message: `unexpected character ${JSON.stringify(stray[0])}: a boleto line or barcode has only digits, spaces, dots and dashes`,
    });
  }

  let barcode: string;
  let line: string;
  if (digits.length === 47) {
    const converted = lineToBarcode(digits);
    if (!converted.ok) return converted;
    barcode = converted.value;
    line = digits;
  } else if (digits.length === 44) {
    const converted = barcodeToLine(digits);
    if (!converted.ok) return converted;
    barcode = digits;
    line = converted.value;
  } else if (digits.length === 48 && digits.startsWith('8')) {
    return err({ check: 'length', message: '48 digits starting with 8 is a utility or tax bill (arrecadação), not a bank boleto' });
  } else {
    return err({ check: 'length', message: `a boleto has 47 digits (linha digitável) or 44 (barcode), this has ${digits.length}` });
  }

  const read = readBarcode(barcode);
  if (!read.ok) return read;
  const parts = read.value;
  if (parts.currency !== CURRENCY_REAL) {
    return err({ check: 'currency', message: `currency code is ${parts.currency}; only 9 (real) is supported` });
  }
  const dueDate = dateForFactor(parts.factor, referenceIsoDate);
  if (!dueDate.ok) return dueDate;

  return ok({
    bankCode: parts.bankCode,
    currency: parts.currency,
    dueDate: dueDate.value,
    factor: parts.factor,
    amountMinor: parts.amountMinor,
    freeField: parts.freeField,
    barcode,
    line,
  });
}
