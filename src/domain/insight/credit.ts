import { addDays, type IsoDate } from '../dates.ts';
import { formatAmount } from '../money.ts';

/**
 * Staged credit and the credit decision: "may I sell this amount on credit to this customer
 * today?" answered allow / review / deny with every reason (plain data in, no I/O, no clock).
 *
 * Staged credit: a customer whose first invoice is less than `probationDays` old (or who has
 * none yet) is on probation. Its limit starts at `initialLimitMinor` and rises by `stepMinor`
 * for each invoice paid on time, up to `maxLimitMinor` (a limit set on the customer, when lower,
 * still applies). After probation the customer's own credit limit applies; without one, the
 * staged limit it earned keeps growing the same way.
 *
 * The checks, the worst verdict decides:
 * - limit: open receivables plus the requested amount above the limit → review (deny while on
 *   probation: the staged limit is the point); a limit in another currency → review;
 * - overdue: anything overdue → review; more than 30 days overdue → deny;
 * - risk, when a score exists: a probability of paying > 30 days late of 20 % or more → review,
 *   50 % or more → deny.
 */
export interface StagedCreditSettings {
  readonly currency: string;
  readonly probationDays: number;
  readonly initialLimitMinor: number;
  readonly stepMinor: number;
  readonly maxLimitMinor: number;
}

export interface CreditRisk {
  /** Probability that an invoice now open is paid more than 30 days late, 0–1. */
  readonly probability: number;
  readonly band: string | null;
}

export interface CreditFacts {
  /** The issue date of the customer's first invoice; null for a customer without invoices. */
  readonly firstInvoiceOn: IsoDate | null;
  /** The limit set on the customer, if any. */
  readonly customerLimit: { readonly amountMinor: number; readonly currency: string } | null;
  /** Invoices fully paid on or before their due date. */
  readonly paidOnTime: number;
  /** Open receivables (due or not) per currency. */
  readonly open: readonly { readonly currency: string; readonly amountMinor: number }[];
  /** Overdue receivables per currency. */
  readonly overdue: readonly { readonly currency: string; readonly amountMinor: number; readonly oldestDaysOverdue: number }[];
  readonly risk: CreditRisk | null;
}

export interface CreditRequest {
  readonly amountMinor: number;
  readonly currency: string;
}

export type CreditVerdict = 'allow' | 'review' | 'deny';

export interface CreditReason {
  readonly code: 'probation' | 'limit' | 'overdue' | 'risk';
  readonly verdict: CreditVerdict;
  readonly message: string;
}

export interface CreditDecision {
  readonly decision: CreditVerdict;
  readonly request: CreditRequest;
  /** The limit that applies and where it comes from; null when none does. */
  readonly limit: { readonly amountMinor: number; readonly currency: string; readonly source: 'customer' | 'staged' } | null;
  readonly probation: { readonly until: IsoDate; readonly paidOnTime: number; readonly stagedLimitMinor: number } | null;
  /** Open receivables in the requested currency, before and with the request. */
  readonly exposureMinor: number;
  readonly exposureAfterMinor: number;
  readonly reasons: readonly CreditReason[];
}

/** Overdue beyond this many days is a denial. */
const denyOverdueDays = 30;
const reviewRisk = 0.2;
const denyRisk = 0.5;

/** The staged limit earned by `paidOnTime` invoices paid on time. */
export function stagedLimit(settings: StagedCreditSettings, paidOnTime: number): number {
  return Math.min(settings.maxLimitMinor, settings.initialLimitMinor + settings.stepMinor * paidOnTime);
}

export function creditDecision(facts: CreditFacts, request: CreditRequest, staged: StagedCreditSettings | null, asOf: IsoDate): CreditDecision {
  const money = (minor: number, currency = request.currency) => `${formatAmount(minor, currency)} ${currency}`;
  const reasons: CreditReason[] = [];

  const probationUntil = staged === null ? null : addDays(facts.firstInvoiceOn ?? asOf, staged.probationDays);
  const onProbation = probationUntil !== null && asOf < probationUntil;
  const earned = staged === null ? null : stagedLimit(staged, facts.paidOnTime);
  let limit: CreditDecision['limit'] = null;
  if (staged !== null && earned !== null && (onProbation || facts.customerLimit === null)) {
    const own = facts.customerLimit;
    limit =
      onProbation && own !== null && own.currency === staged.currency && own.amountMinor < earned
        ? { ...own, source: 'customer' }
        : { amountMinor: earned, currency: staged.currency, source: 'staged' };
  } else if (facts.customerLimit !== null) {
    limit = { ...facts.customerLimit, source: 'customer' };
  }
  if (onProbation && staged !== null && earned !== null) {
    reasons.push({
      code: 'probation',
      verdict: 'allow',
      message:
        `new customer on probation until ${probationUntil}: staged limit ${money(staged.initialLimitMinor, staged.currency)}` +
        ` + ${facts.paidOnTime} × ${money(staged.stepMinor, staged.currency)} for invoices paid on time` +
        ` = ${money(earned, staged.currency)} (at most ${money(staged.maxLimitMinor, staged.currency)})`,
    });
  }

  const exposure = facts.open.find((o) => o.currency === request.currency)?.amountMinor ?? 0;
  const after = exposure + request.amountMinor;
  const exposureText = `open ${money(exposure)} + requested ${money(request.amountMinor)} = ${money(after)}`;
  if (limit === null) {
    reasons.push({ code: 'limit', verdict: 'allow', message: `no credit limit set; ${exposureText}` });
  } else if (limit.currency !== request.currency) {
    reasons.push({ code: 'limit', verdict: 'review', message: `the credit limit is in ${limit.currency}, the request in ${request.currency}` });
  } else if (after > limit.amountMinor) {
    reasons.push({
      code: 'limit',
      verdict: onProbation ? 'deny' : 'review',
      message: `${exposureText} exceeds the ${limit.source === 'staged' ? 'staged ' : ''}credit limit ${money(limit.amountMinor)}`,
    });
  } else {
    reasons.push({ code: 'limit', verdict: 'allow', message: `${exposureText} within the credit limit ${money(limit.amountMinor)}` });
  }

  const overdue = facts.overdue.filter((o) => o.amountMinor > 0);
  if (overdue.length === 0) {
    reasons.push({ code: 'overdue', verdict: 'allow', message: 'nothing overdue' });
  } else {
    const oldest = Math.max(...overdue.map((o) => o.oldestDaysOverdue));
    const amounts = overdue.map((o) => money(o.amountMinor, o.currency)).join(', ');
    reasons.push({
      code: 'overdue',
      verdict: oldest > denyOverdueDays ? 'deny' : 'review',
      message: `${amounts} overdue, the oldest ${oldest} days${oldest > denyOverdueDays ? ` (more than ${denyOverdueDays})` : ''}`,
    });
  }

  if (facts.risk !== null) {
    const { probability, band } = facts.risk;
    const percent = `${Math.round(probability * 100)} %`;
    const verdict: CreditVerdict = probability >= denyRisk ? 'deny' : probability >= reviewRisk ? 'review' : 'allow';
    reasons.push({ code: 'risk', verdict, message: `risk score: ${percent} likely to pay more than 30 days late${band ? ` (band ${band})` : ''}` });
  }

  const rank: Record<CreditVerdict, number> = { allow: 0, review: 1, deny: 2 };
  const decision = reasons.reduce<CreditVerdict>((worst, r) => (rank[r.verdict] > rank[worst] ? r.verdict : worst), 'allow');
  return {
    decision,
    request,
    limit,
    probation: onProbation && earned !== null ? { until: probationUntil!, paidOnTime: facts.paidOnTime, stagedLimitMinor: earned } : null,
    exposureMinor: exposure,
    exposureAfterMinor: after,
    reasons,
  };
}
