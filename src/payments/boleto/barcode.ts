/**
 * The 44-digit boleto barcode (FEBRABAN "código de barras"):
 *
 *   positions  1-3   bank code
 *              4     currency code ("9" = real)
 *              5     general check digit (modulo 11 over the other 43 digits)
 *              6-9   due-date factor ("0000" = no due date)
 *              10-19 amount in centavos, 10 digits ("0000000000" = payer fills it in)
 *              20-44 free field, 25 digits, laid out by each bank
 */
import type { Result } from '../result.ts';
import { err, ok } from '../result.ts';
import { mod11Boleto } from './check-digits.ts';
import { factorForDate } from './due-date-factor.ts';
import type { BoletoError } from './error.ts';

export const CURRENCY_REAL = '9';
export const MAX_BOLETO_AMOUNT_MINOR = 9_999_999_999;

export interface BarcodeInput {
  /** 3-digit bank code ("001" Banco do Brasil, "341" Itaú …). */
  readonly bankCode: string;
  /** Only "9" (real) is supported. */
  readonly currency?: string;
  /** ISO date, or null for a boleto without due date (factor 0000). */
  readonly dueDate: string | null;
  /** Centavos, 0 to 9 999 999 999; 0 lets the payer fill in the amount. */
  readonly amountMinor: number;
  /** 25 digits in the issuing bank's layout (see `free-field/`). */
  readonly freeField: string;
}

export interface BarcodeParts {
  readonly bankCode: string;
  readonly currency: string;
  readonly generalDv: string;
  readonly factor: number;
  readonly amountMinor: number;
  readonly freeField: string;
}

/** The general check digit for a barcode (44 digits, position 5 ignored) or its 43 other digits. */
export function generalCheckDigit(digits: string): number {
  const without = digits.length === 44 ? digits.slice(0, 4) + digits.slice(5) : digits;
  return mod11Boleto(without);
}

export function buildBarcode(input: BarcodeInput): Result<string, BoletoError> {
  const currency = input.currency ?? CURRENCY_REAL;
  if (!/^[0-9]{3}$/.test(input.bankCode)) {
    return err({ check: 'bank_code', message: `bank code ${JSON.stringify(input.bankCode)} is not 3 digits` });
  }
  if (currency !== CURRENCY_REAL) {
    return err({ check: 'currency', message: `currency code ${JSON.stringify(currency)} is not supported; only "9" (real) is` });
  }
  const amount = input.amountMinor;
  if (!Number.isSafeInteger(amount) || amount < 0 || amount > MAX_BOLETO_AMOUNT_MINOR) {
    return err({ check: 'amount', message: `amount ${String(amount)} is not a whole number of centavos from 0 to ${MAX_BOLETO_AMOUNT_MINOR}` });
  }
  if (!/^[0-9]{25}$/.test(input.freeField)) {
    return err({ check: 'free_field', message: `free field ${JSON.stringify(input.freeField)} is not 25 digits` });
  }
  let factor = 0;
  if (input.dueDate !== null) {
    const computed = factorForDate(input.dueDate);
    if (!computed.ok) return computed;
    factor = computed.value;
  }
  const withoutDv = `${input.bankCode}${currency}${String(factor).padStart(4, '0')}${String(amount).padStart(10, '0')}${input.freeField}`;
  return ok(`${withoutDv.slice(0, 4)}${mod11Boleto(withoutDv)}${withoutDv.slice(4)}`);
}

/**
 * Check a 44-digit barcode's length, characters and general check digit
 * (not its currency: see `parseBoleto`), and split it into its parts.
 */
export function readBarcode(barcode: string): Result<BarcodeParts, BoletoError> {
  if (!/^[0-9]*$/.test(barcode)) return err({ check: 'digits', message: 'a boleto barcode has only digits' });
  if (barcode.length !== 44) {
    return err({ check: 'length', message: `a boleto barcode has 44 digits, this has ${barcode.length}` });
  }
  const expected = generalCheckDigit(barcode);
  const given = barcode.slice(4, 5);
  if (given !== String(expected)) {
    return err({ check: 'general_dv', message: `general check digit (position 5) is ${given}, expected ${expected}` });
  }
  return ok({
    bankCode: barcode.slice(0, 3),
    currency: barcode.slice(3, 4),
    generalDv: given,
    factor: Number(barcode.slice(5, 9)),
    amountMinor: Number(barcode.slice(9, 19)),
    freeField: barcode.slice(19, 44),
  });
}
