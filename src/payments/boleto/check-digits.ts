/**
 * FEBRABAN check digits for boletos ("bloquetos de cobrança").
 *
 * Both functions take a string of decimal digits and throw a TypeError for
 * anything else: they are called on input that has already been validated,
 * so a non-digit here is a programming error, not bad user input.
 */

function assertDigits(digits: string): void {
  if (!/^[0-9]+$/.test(digits)) throw new TypeError(`expected decimal digits, got ${JSON.stringify(digits)}`);
}

/**
 * Modulo 10 (the digit of each field of the linha digitável, and Itaú's
 * DACs): from the rightmost digit, multiply by 2, 1, 2, 1 …; add the digits
 * of each product (16 counts as 1 + 6); the digit is 10 minus the total
 * modulo 10, and 0 when that is 10.
 */
export function mod10(digits: string): number {
  assertDigits(digits);
  let total = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = Number(digits[i]) * weight;
    total += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (total % 10)) % 10;
}

/**
 * Modulo 11 with the boleto rule, for the general check digit (position 5
 * of the barcode) computed over the other 43 digits: from the rightmost
 * digit, multiply by 2, 3 … 9, 2, 3 …; the digit is 11 minus the total
 * modulo 11, and 1 when that would be 0, 10 or 11.
 */
export function mod11Boleto(digits: string): number {
  assertDigits(digits);
  let total = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    total += Number(digits[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const digit = 11 - (total % 11);
  return digit === 0 || digit === 10 || digit === 11 ? 1 : digit;
}
