/**
 * Stripe's "smallest currency unit" is not always Régua's minor unit. money.ts takes the
 * exponent from Intl (CLDR), which says 0 for HUF, ISK, IDR, COP …, while Stripe's API keeps
 * those two-decimal (1000 HUF is `100000`). Stripe documents its own exponents:
 * https://docs.stripe.com/currencies — zero-decimal list, three-decimal list, the rest two.
 * Amounts are rescaled by powers of ten in integers, never through a float.
 */
import { currencyExponent, divideRounded } from '../../domain/money.ts';

const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Digits after the point in Stripe's API amounts for an upper-case ISO 4217 code. */
export function stripeExponent(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/** Régua minor units → Stripe `unit_amount`. RangeError when the amount cannot be written exactly. */
export function toStripeAmount(amountMinor: number, currency: string): number {
  const shift = stripeExponent(currency) - currencyExponent(currency);
  if (shift >= 0) {
    const amount = amountMinor * 10 ** shift;
    if (!Number.isSafeInteger(amount)) throw new RangeError(`${amountMinor} ${currency} is too large for Stripe`);
    return amount;
  }
  const factor = 10 ** -shift;
  if (amountMinor % factor !== 0) {
    throw new RangeError(`${amountMinor} minor units of ${currency} cannot be written in Stripe's ${stripeExponent(currency)} decimals`);
  }
  return amountMinor / factor;
}

/**
 * Stripe `amount_total` → Régua minor units. When Stripe carries finer units than Régua
 * (HUF fillér after a percentage discount) the amount rounds half away from zero: a payment
 * that happened must still be recorded.
 */
export function fromStripeAmount(stripeAmount: number, currency: string): number {
  const shift = stripeExponent(currency) - currencyExponent(currency);
  if (shift >= 0) return divideRounded(stripeAmount, 10 ** shift);
  return stripeAmount * 10 ** -shift;
}
