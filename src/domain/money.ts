import { numberFormat } from './intl-formats.ts';

/**
 * Money: integer minor units plus an ISO 4217 currency. Every parse, format, rounding and
 * split of an amount lives here; nothing else in Régua does arithmetic on decimal text.
 * (A receivable's open amount and status live in receivable.ts.)
 */

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
const exponentCache = new Map<string, number>();

export function isKnownCurrency(code: string): boolean {
  return knownCurrencies.has(code);
}

/** Number of minor-unit digits of an ISO 4217 currency (BRL 2, CLP 0, KWD 3). */
export function currencyExponent(currency: string): number {
  let exponent = exponentCache.get(currency);
  if (exponent === undefined) {
    if (!isKnownCurrency(currency)) throw new RangeError(`unknown currency ${currency}`);
    exponent = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(currency, exponent);
  }
  return exponent;
}

export type DecimalStyle = 'point' | 'comma';
export type ParseAmountResult = { ok: true; minor: number } | { ok: false; reason: string };

const pointPattern = /^(-?)(\d+)(?:\.(\d+))?$/;
const commaPattern = /^(-?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;

/**
 * Parses a decimal amount ("1234.56", or "1.234,56" in the comma style) into minor units
 * without floating point. More decimals than the currency has is an error, not a rounding.
 */
export function parseAmount(text: string, currency: string, style: DecimalStyle = 'point'): ParseAmountResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'amount is empty' };
  const match = (style === 'point' ? pointPattern : commaPattern).exec(trimmed);
  if (!match) {
    const example = style === 'point' ? '1234.56' : '1.234,56';
    return { ok: false, reason: `"${text}" is not a decimal amount like ${example}` };
  }
  const [, sign, integerPart = '', fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) {
    return { ok: false, reason: `"${text}" has more than ${exponent} decimal places for ${currency}` };
  }
  const digits = integerPart.replaceAll('.', '') + fraction.padEnd(exponent, '0');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `"${text}" is too large` };
  return { ok: true, minor: sign === '-' ? -minor : minor };
}

/** Minor units as the contract's decimal string: 123456 BRL → "1234.56". */
export function formatAmount(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Human display in a locale: 123456 BRL in pt-BR → "R$ 1.234,56". */
export function displayAmount(minor: number, currency: string, locale: string): string {
  // Intl formats decimal strings exactly, so the amount never passes through a float.
  const format = numberFormat(locale, { style: 'currency', currency }).format as (value: string) => string;
  return format(formatAmount(minor, currency));
}

/**
 * Rounds numerator/denominator to the nearest integer, halves away from zero (the
 * commercial rounding Brazilian and Spanish invoices use). Integer inputs only.
 */
export function divideRounded(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(`cannot divide ${numerator} by ${denominator}`);
  }
  const big = (BigInt(Math.abs(numerator)) * 2n + BigInt(Math.abs(denominator))) / (BigInt(Math.abs(denominator)) * 2n);
  const negative = numerator < 0 !== denominator < 0;
  return Number(negative ? -big : big);
}

/**
 * Splits an amount into parts proportional to the weights so that the parts add up to the
 * amount exactly; leftover minor units go to the largest remainders (ties: earlier first).
 */
export function allocateProportionally(amountMinor: number, weights: readonly number[]): number[] {
  if (weights.length === 0) throw new RangeError('no weights to allocate over');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError('weights add up to zero');
  const amount = BigInt(amountMinor);
  const bigTotal = BigInt(total);
  const parts = weights.map((w) => (amount * BigInt(w)) / bigTotal);
  const remainders = weights.map((w, index) => ({ index, rest: (amount * BigInt(w)) % bigTotal }));
  let left = amount - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left <= 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map(Number);
}
