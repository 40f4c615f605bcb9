import { addDays, isIsoDate, type IsoDate } from './dates.ts';
import { divideRoundedBig, formatBps } from './fees.ts';
import { formatAmount, isKnownCurrency } from './money.ts';

/**
 * Payment plans (parcelamento): a down payment and N instalments, with interest on the Price
 * table (fixed instalment, French amortisation) or none, within limits the business set.
 *
 * Arithmetic is exact on BigInt fractions. The period rate is the monthly rate times the
 * period's share of a 30-day month (weekly 7/30, biweekly 14/30, monthly 30/30). The fixed
 * instalment PMT = P·i·(1+i)^n / ((1+i)^n − 1) is rounded once to the minor unit, halves
 * away from zero; each period's interest is the balance × i, rounded the same way; principal
 * is PMT − interest. The last instalment takes the whole remaining balance plus its interest,
 * so the principal parts add up to the financed amount exactly.
 */
export type PlanFrequency = 'weekly' | 'biweekly' | 'monthly';

export interface PlanLimits {
  readonly maxInstalments: number;
  /** The smallest instalment the business accepts, minor units. */
  readonly minInstalmentMinor: number;
  /** Largest discount for paying at once, bps of the debt. */
  readonly maxDiscountBps: number;
  readonly maxMonthlyInterestBps: number;
  /** Smallest down payment, bps of the debt (0 = none required). */
  readonly minDownPaymentBps: number;
}

export interface PlanProposal {
  readonly debtMinor: number;
  readonly currency: string;
  /** The down payment is due on this date; instalment k falls k periods after it. */
  readonly startDate: IsoDate;
  readonly downPaymentMinor: number;
  readonly instalments: number;
  readonly frequency: PlanFrequency;
  /** 0 = no interest. */
  readonly monthlyInterestBps: number;
}

export interface PlanInstalment {
  /** 1 … n; 0 is reserved for the down payment in planStanding. */
  readonly number: number;
  readonly dueDate: IsoDate;
  readonly amountMinor: number;
  readonly principalMinor: number;
  readonly interestMinor: number;
}

export interface Plan {
  readonly currency: string;
  readonly frequency: PlanFrequency;
  readonly monthlyInterestBps: number;
  readonly downPaymentMinor: number;
  readonly downPaymentDueDate: IsoDate;
  /** debt − down payment: what the instalments' principal parts add up to. */
  readonly financedMinor: number;
  readonly instalments: readonly PlanInstalment[];
  /** down payment + every instalment. */
  readonly totalMinor: number;
  readonly interestMinor: number;
}

export interface PlanFieldError {
  readonly field: string;
  readonly message: string;
}

export type ProposePlanResult = { ok: true; plan: Plan } | { ok: false; errors: PlanFieldError[] };

const periodDays: Record<PlanFrequency, number> = { weekly: 7, biweekly: 14, monthly: 30 };
const bps = 10_000n;
/** Denominator of the period rate: bps × days of the reference month. */
const rateDenominator = bps * 30n;

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function assertLimits(limits: PlanLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!isWholeNumber(value, 0)) throw new RangeError(`plan limit ${name} must be a non-negative whole number, not ${String(value)}`);
  }
}

/** Same day of month `months` later, clamped to the month's last day (Jan 31 → Feb 28). */
function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}

function dueDateOf(startDate: IsoDate, frequency: PlanFrequency, number: number): IsoDate {
  // Monthly dates count from the start each time, so Jan 31 → Feb 28 → Mar 31 (not Mar 28).
  return frequency === 'monthly' ? addMonthsClamped(startDate, number) : addDays(startDate, periodDays[frequency] * number);
}

function checkProposal(input: PlanProposal, limits: PlanLimits): PlanFieldError[] {
  const errors: PlanFieldError[] = [];
  const currencyOk = typeof input.currency === 'string' && isKnownCurrency(input.currency);
  const amount = (minor: number) => (currencyOk ? `${formatAmount(minor, input.currency)} ${input.currency}` : String(minor));
  if (!currencyOk) errors.push({ field: 'currency', message: 'must be an ISO 4217 currency code such as BRL' });
  const debtOk = isWholeNumber(input.debtMinor, 1);
  if (!debtOk) errors.push({ field: 'debtMinor', message: 'must be a positive whole number of minor units' });
  if (typeof input.startDate !== 'string' || !isIsoDate(input.startDate)) errors.push({ field: 'startDate', message: 'must be a date in the form YYYY-MM-DD' });

  if (!isWholeNumber(input.downPaymentMinor, 0)) {
    errors.push({ field: 'downPaymentMinor', message: 'must be a non-negative whole number of minor units' });
  } else if (debtOk) {
    const minimum = divideCeil(BigInt(input.debtMinor) * BigInt(limits.minDownPaymentBps), bps);
    if (input.downPaymentMinor >= input.debtMinor) {
      errors.push({ field: 'downPaymentMinor', message: 'leaves nothing to pay in instalments: pay in full instead' });
    } else if (input.downPaymentMinor < minimum) {
      errors.push({ field: 'downPaymentMinor', message: `must be at least ${amount(minimum)} (${formatBps(limits.minDownPaymentBps)} of the debt)` });
    }
  }

  if (!isWholeNumber(input.instalments, 1) || input.instalments > limits.maxInstalments) {
    errors.push({ field: 'instalments', message: `must be a whole number from 1 to ${limits.maxInstalments}` });
  }
  if (!Object.hasOwn(periodDays, input.frequency)) errors.push({ field: 'frequency', message: 'must be weekly, biweekly or monthly' });
  if (!isWholeNumber(input.monthlyInterestBps, 0) || input.monthlyInterestBps > limits.maxMonthlyInterestBps) {
    errors.push({
      field: 'monthlyInterestBps',
      message: `must be a whole number of basis points from 0 to ${limits.maxMonthlyInterestBps} (${formatBps(limits.maxMonthlyInterestBps)} a month)`,
    });
  }
  return errors;
}

function divideCeil(numerator: bigint, denominator: bigint): number {
  return Number((numerator + denominator - 1n) / denominator);
}

/** The schedule, or undefined when the amounts are too small to split into that many parts. */
function schedule(input: PlanProposal): PlanInstalment[] | undefined {
  const count = input.instalments;
  const financed = BigInt(input.debtMinor - input.downPaymentMinor);
  const rate = BigInt(input.monthlyInterestBps * periodDays[input.frequency]); // i = rate / rateDenominator
  let payment: number;
  if (rate === 0n) {
    payment = divideRoundedBig(financed, BigInt(count));
  } else {
    const grown = (rateDenominator + rate) ** BigInt(count); // (1+i)^n · D^n
    const base = rateDenominator ** BigInt(count); // D^n
    payment = divideRoundedBig(financed * rate * grown, rateDenominator * (grown - base));
  }

  const instalments: PlanInstalment[] = [];
  let balance = financed;
  for (let number = 1; number <= count; number += 1) {
    if (balance < 0n) return undefined;
    const interestMinor = divideRoundedBig(balance * rate, rateDenominator);
    const principalMinor = number === count ? Number(balance) : payment - interestMinor;
    if (principalMinor < 0) return undefined;
    balance -= BigInt(principalMinor);
    instalments.push({
      number,
      dueDate: dueDateOf(input.startDate, input.frequency, number),
      amountMinor: principalMinor + interestMinor,
      principalMinor,
      interestMinor,
    });
  }
  return instalments;
}

/**
 * Checks a plan the debtor or a collector asks for against the business's limits and, when
 * it fits, returns its schedule. Errors name the input field, so a form can show them.
 */
export function proposePlan(input: PlanProposal, limits: PlanLimits): ProposePlanResult {
  assertLimits(limits);
  const errors = checkProposal(input, limits);
  if (errors.length > 0) return { ok: false, errors };

  const instalments = schedule(input);
  const smallest = instalments ? Math.min(...instalments.map((i) => i.amountMinor)) : 0;
  const minimum = Math.max(1, limits.minInstalmentMinor);
  if (!instalments || smallest < minimum) {
    const shown = (minor: number) => `${formatAmount(minor, input.currency)} ${input.currency}`;
    return {
      ok: false,
      errors: [{ field: 'instalments', message: `${input.instalments} instalments would be below the minimum instalment of ${shown(minimum)}: choose fewer` }],
    };
  }

  const interestMinor = instalments.reduce((sum, i) => sum + i.interestMinor, 0);
  const totalMinor = instalments.reduce((sum, i) => sum + i.amountMinor, input.downPaymentMinor);
  return {
    ok: true,
    plan: {
      currency: input.currency,
      frequency: input.frequency,
      monthlyInterestBps: input.monthlyInterestBps,
      downPaymentMinor: input.downPaymentMinor,
      downPaymentDueDate: input.startDate,
      financedMinor: input.debtMinor - input.downPaymentMinor,
      instalments,
      totalMinor,
      interestMinor,
    },
  };
}

export interface PayInFullOffer {
  /** The discount actually granted: the one asked for, capped at limits.maxDiscountBps. */
  readonly discountBps: number;
  readonly discountMinor: number;
  /** What the debtor pays: debt − discount. */
  readonly amountMinor: number;
}

/** The alternative to a plan: pay everything at once for a discount, rounded half away from zero. */
export function payInFullOffer(debtMinor: number, discountBps: number, limits: PlanLimits): PayInFullOffer {
  assertLimits(limits);
  if (!isWholeNumber(debtMinor, 0)) throw new RangeError(`debt ${debtMinor} must be a non-negative whole number of minor units`);
  if (!isWholeNumber(discountBps, 0)) throw new RangeError(`discount ${discountBps} must be a non-negative whole number of basis points`);
  const granted = Math.min(discountBps, limits.maxDiscountBps, 10_000);
  const discountMinor = divideRoundedBig(BigInt(debtMinor) * BigInt(granted), bps);
  return { discountBps: granted, discountMinor, amountMinor: debtMinor - discountMinor };
}

export type SettlementOfferState = 'accepted' | 'fulfilled' | 'lapsed';

/** An accepted offer lapses the day after valid_until unless a payment fulfilled it. */
export function settlementOfferState(offer: { readonly status: 'accepted' | 'fulfilled'; readonly validUntil: IsoDate }, asOf: IsoDate): SettlementOfferState {
  if (offer.status === 'fulfilled') return 'fulfilled';
  return asOf > offer.validUntil ? 'lapsed' : 'accepted';
}

export interface InstalmentPayment {
  /** 0 = the down payment, 1 … n = the instalments. */
  readonly instalment: number;
  readonly amountMinor: number;
  readonly paidOn: IsoDate;
}

export type PlanStanding = 'good_standing' | 'late' | 'broken' | 'completed';

/**
 * Where a plan stands on a date, from the payments received against each part (payments
 * dated after asOf are not yet received). A part is paid on the day its payments reach its
 * amount. The plan is broken as soon as a part stays unpaid more than toleranceDays after
 * its due date, and stays broken even if that part is paid later — unless everything is
 * paid, which completes it. Late: a part is past due but still within the tolerance.
 */
export function planStanding(plan: Plan, payments: readonly InstalmentPayment[], asOf: IsoDate, toleranceDays: number): PlanStanding {
  if (!isIsoDate(asOf)) throw new RangeError(`"${asOf}" is not a date in the form YYYY-MM-DD`);
  if (!isWholeNumber(toleranceDays, 0)) throw new RangeError(`tolerance ${toleranceDays} must be a non-negative whole number of days`);
  const parts = [
    ...(plan.downPaymentMinor > 0 ? [{ number: 0, dueDate: plan.downPaymentDueDate, amountMinor: plan.downPaymentMinor }] : []),
    ...plan.instalments,
  ];
  const known = new Set(parts.map((part) => part.number));
  for (const payment of payments) {
    if (!known.has(payment.instalment)) throw new RangeError(`payment for instalment ${payment.instalment}, which the plan does not have`);
    if (!isWholeNumber(payment.amountMinor, 0)) throw new RangeError(`payment amount ${payment.amountMinor} must be a non-negative whole number`);
    if (!isIsoDate(payment.paidOn)) throw new RangeError(`payment date "${payment.paidOn}" is not a date in the form YYYY-MM-DD`);
  }
  const received = payments.filter((p) => p.paidOn <= asOf).sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));

  let allPaid = true;
  let broken = false;
  let late = false;
  for (const part of parts) {
    let paid = 0;
    let paidOn: IsoDate | undefined;
    for (const payment of received) {
      if (payment.instalment !== part.number) continue;
      paid += payment.amountMinor;
      if (paid >= part.amountMinor) {
        paidOn = payment.paidOn;
        break;
      }
    }
    const deadline = addDays(part.dueDate, toleranceDays);
    if (paidOn === undefined) {
      allPaid = false;
      if (asOf > deadline) broken = true;
      else if (asOf > part.dueDate) late = true;
    } else if (paidOn > deadline) {
      broken = true;
    }
  }
  if (allPaid) return 'completed';
  if (broken) return 'broken';
  return late ? 'late' : 'good_standing';
}
