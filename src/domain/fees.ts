import { addDays, daysBetween, isIsoDate, type IsoDate } from './dates.ts';
import { ecbMainRefinancingRates, jurisdictionFor, statutoryEcbRateBps, type JurisdictionRules, type ReferenceRate } from './jurisdiction.ts';
import type { PaymentTermsRules } from './payment-terms.ts';

/**
 * What is discounted or charged on an open amount paid (or still open) on a date, under a
 * payment policy and the debtor's jurisdiction. Pure: the same input always gives the same
 * charges, so "charge once per invoice" is the caller recording the result under chargeKey.
 *
 * Rounding: each component is computed exactly as a fraction of integers (BigInt, since
 * amount × rate × days can pass 2^53) and rounded once, to the nearest minor unit with
 * halves away from zero — the rule of money.divideRounded. The total is the sum of the
 * rounded components, so the parts shown to the debtor always add up to what is asked.
 */
export type PartyType = 'consumer' | 'business';

export interface ChargesInput {
  /** The amount still open, minor units, ≥ 0. */
  readonly openMinor: number;
  readonly currency: string;
  readonly dueDate: IsoDate;
  /** The payment date, or the as-of date for an invoice still open. */
  readonly paidOn: IsoDate;
  readonly partyType: PartyType;
  readonly country: string;
  /** Terms that passed validatePaymentTerms. */
  readonly terms: PaymentTermsRules;
  /** ECB rate for Spain's statutory interest (see jurisdictionFor); else taken from ecbRates. */
  readonly ecbRateBps?: number;
  /** The dated ECB table (default: the shipped one); the rate of the due date's half-year applies. */
  readonly ecbRates?: readonly ReferenceRate[];
  /** Replaces jurisdictionFor(country) — e.g. a US state's own caps. */
  readonly jurisdiction?: JurisdictionRules;
}

export interface Charges {
  /** Days past the due date (0 when paid on or before it), grace days included. */
  readonly daysLate: number;
  readonly discountMinor: number;
  readonly lateFeeMinor: number;
  readonly interestMinor: number;
  /** Fixed statutory compensation for the cost of collection (Spain: EUR 40). */
  readonly compensationMinor: number;
  /** open − discount + late fee + interest + compensation. */
  readonly totalDueMinor: number;
  /** Which legal caps reduced what, e.g. 'BR consumer late fee capped at 2 %'. */
  readonly capped: readonly string[];
}

const bpsPerUnit = 10_000n;
const daysPerMonth = 30n;
const daysPerYear = 365n;

/**
 * numerator / denominator (numerator ≥ 0, denominator > 0) rounded half away from zero, as
 * a safe integer: money.divideRounded's rule for products beyond 2^53. Shared with the
 * payment plan; it belongs in money.ts, which this module may not change.
 */
export function divideRoundedBig(numerator: bigint, denominator: bigint): number {
  if (numerator < 0n || denominator <= 0n) throw new RangeError(`cannot divide ${numerator} by ${denominator}`);
  const quotient = Number((numerator * 2n + denominator) / (denominator * 2n));
  if (!Number.isSafeInteger(quotient)) throw new RangeError('charge exceeds the largest safe amount');
  return quotient;
}

/** amount × bps / 10 000, rounded once. */
function share(amountMinor: number, bps: number): number {
  return divideRoundedBig(BigInt(amountMinor) * BigInt(bps), bpsPerUnit);
}

/** 200 → '2 %', 250 → '2.5 %', 33 → '0.33 %' (string arithmetic, so no float noise). */
export function formatBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} %`;
}

/** '2' → 200, '12.5' → 1250, '0.33' → 33: a percentage from 0 to 100 with at most two decimals; null otherwise. */
export function parsePercentBps(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}

/**
 * The early-payment discount the terms give on an open amount paid on `paidOn`, and the last
 * day it can be had (the due date less the days early); undefined when none applies that day.
 */
export function earlyPaymentDiscount(
  openMinor: number,
  dueDate: IsoDate,
  paidOn: IsoDate,
  terms: PaymentTermsRules,
): { discountMinor: number; lastDay: IsoDate } | undefined {
  const discount = terms.earlyPaymentDiscount;
  if (!discount || daysBetween(paidOn, dueDate) < discount.daysBeforeDue) return undefined;
  const discountMinor = share(openMinor, discount.bps);
  return discountMinor > 0 ? { discountMinor, lastDay: addDays(dueDate, -discount.daysBeforeDue) } : undefined;
}

export function chargesOn(input: ChargesInput): Charges {
  const { openMinor, currency, dueDate, paidOn, partyType, terms } = input;
  if (!Number.isSafeInteger(openMinor) || openMinor < 0) throw new RangeError(`open amount ${openMinor} must be a non-negative number of minor units`);
  if (!isIsoDate(dueDate)) throw new RangeError(`due date "${dueDate}" is not a date in the form YYYY-MM-DD`);
  if (!isIsoDate(paidOn)) throw new RangeError(`payment date "${paidOn}" is not a date in the form YYYY-MM-DD`);
  const ecbRateBps = input.ecbRateBps ?? statutoryEcbRateBps(input.ecbRates ?? ecbMainRefinancingRates, dueDate);
  const rules = input.jurisdiction ?? jurisdictionFor(input.country, ecbRateBps === undefined ? {} : { ecbRateBps });

  const daysLate = Math.max(0, daysBetween(dueDate, paidOn));
  const capped: string[] = [];
  const discountMinor = earlyPaymentDiscount(openMinor, dueDate, paidOn, terms)?.discountMinor ?? 0;
  let lateFeeMinor = 0;
  let interestMinor = 0;
  let compensationMinor = 0;

  // Grace decides only whether late charges apply; once past it they run from the due date.
  if (openMinor > 0 && daysLate > terms.graceDays) {
    if (terms.statutoryB2B && rules.statutoryB2B && partyType === 'business') {
      // Ley 3/2004 replaces the contractual fee and interest: ECB + 8 points a year, pro rata
      // per day over 365, and a fixed EUR 40 per late invoice (only meaningful in euros).
      const { referenceRateBps, addedBps, fixedCompensationMinor } = rules.statutoryB2B;
      const yearlyBps = Math.max(0, referenceRateBps + addedBps);
      interestMinor = divideRoundedBig(BigInt(openMinor) * BigInt(yearlyBps) * BigInt(daysLate), bpsPerUnit * daysPerYear);
      if (currency === 'EUR') compensationMinor = fixedCompensationMinor;
    } else {
      const feeCapBps = partyType === 'consumer' ? rules.consumerLateFeeMaxBps : rules.businessLateFeeMaxBps;
      const fee = terms.lateFee;
      if (fee?.kind === 'fixed' && fee.currency !== currency) {
        throw new RangeError(`currency mismatch: fixed late fee in ${fee.currency} on an amount in ${currency}`);
      }
      if (fee) {
        lateFeeMinor = fee.kind === 'percent' ? share(openMinor, fee.bps) : fee.amountMinor;
        // Capping the amount at cap × open equals capping the rate: share() is monotonic.
        if (feeCapBps !== undefined && lateFeeMinor > share(openMinor, feeCapBps)) {
          lateFeeMinor = share(openMinor, feeCapBps);
          capped.push(`${rules.country} ${partyType} late fee capped at ${formatBps(feeCapBps)}`);
        }
      }

      if (terms.interest) {
        const cap = rules.monthlyInterestMaxBps;
        const monthlyBps = cap === undefined ? terms.interest.monthlyBps : Math.min(terms.interest.monthlyBps, cap);
        if (cap !== undefined && monthlyBps < terms.interest.monthlyBps) capped.push(`${rules.country} interest capped at ${formatBps(cap)} a month`);
        // Simple interest, pro rata per day: open × monthly rate × days / 30.
        interestMinor = divideRoundedBig(BigInt(openMinor) * BigInt(monthlyBps) * BigInt(daysLate), bpsPerUnit * daysPerMonth);
      }
    }
  }

  const totalDueMinor = openMinor - discountMinor + lateFeeMinor + interestMinor + compensationMinor;
  if (!Number.isSafeInteger(totalDueMinor)) throw new RangeError('total due exceeds the largest safe amount');
  return { daysLate, discountMinor, lateFeeMinor, interestMinor, compensationMinor, totalDueMinor, capped };
}

export type ChargeComponent = 'discount' | 'late_fee' | 'interest' | 'compensation';

/** The late components of charges (the fine, the interest, the statutory compensation) that are due. */
export function lateParts(charges: Charges): { component: Exclude<ChargeComponent, 'discount'>; amountMinor: number }[] {
  const parts = [
    { component: 'late_fee' as const, amountMinor: charges.lateFeeMinor },
    { component: 'interest' as const, amountMinor: charges.interestMinor },
    { component: 'compensation' as const, amountMinor: charges.compensationMinor },
  ];
  return parts.filter((p) => p.amountMinor > 0);
}

/**
 * The idempotency key under which a charge component of one invoice is recorded: recording
 * it twice (a rerun of the daily job) hits the same key and changes nothing.
 */
export function chargeKey(invoiceId: string, component: ChargeComponent): string {
  if (invoiceId === '') throw new RangeError('invoice id is empty');
  return `charge:${invoiceId}:${component}`;
}
