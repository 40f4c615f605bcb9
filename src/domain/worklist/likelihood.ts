import { divideRounded } from '../money.ts';

/**
 * How likely a worklist item is to bring money in, in per mille: a deliberately simple,
 * explainable heuristic (no I/O, no clock).
 *
 *   likelihood = recency × promise history × kind × risk    (each factor in ‰)
 *
 * - recency, by the days the oldest of its receivables is overdue as of the worklist date:
 *   not yet overdue 900, 1–30 days 800, 31–60 600, 61–90 400, over 90 200 (collection odds
 *   fall steeply with age);
 * - promise history of the customer: no promise ever came due 750; otherwise
 *   500 + 500 × kept / (kept + broken) — every promise kept 1000, every one broken 500;
 * - kind: 'dispute_deadline' 500 (money follows only if the dispute goes the business's
 *   way), anything else 1000;
 * - risk score of the customer (the probability p of paying more than 30 days late, from the
 *   risk model): 1000 − 500 × p — a sure late payer counts half; 1000 while the customer has
 *   not been scored.
 *
 * Expected recovery = open amount × likelihood / 1000, rounded half away from zero.
 */
export interface LikelihoodInput {
  daysOverdue: number;
  promisesKept: number;
  promisesBroken: number;
  kind: string;
  /** The customer's risk score (0–1), null before the first scoring. */
  riskProbability?: number | null;
}

function recencyPermille(daysOverdue: number): number {
  if (daysOverdue <= 0) return 900;
  if (daysOverdue <= 30) return 800;
  if (daysOverdue <= 60) return 600;
  if (daysOverdue <= 90) return 400;
  return 200;
}

function promiseHistoryPermille(kept: number, broken: number): number {
  const settled = kept + broken;
  return settled === 0 ? 750 : 500 + divideRounded(500 * kept, settled);
}

function riskPermille(probability: number | null | undefined): number {
  return probability === null || probability === undefined ? 1000 : 1000 - Math.round(500 * Math.min(1, Math.max(0, probability)));
}

function kindPermille(kind: string): number {
  return kind === 'dispute_deadline' ? 500 : 1000;
}

export function likelihoodPermille(input: LikelihoodInput): number {
  const recencyAndHistory = divideRounded(recencyPermille(input.daysOverdue) * promiseHistoryPermille(input.promisesKept, input.promisesBroken), 1000);
  const withKind = divideRounded(recencyAndHistory * kindPermille(input.kind), 1000);
  return divideRounded(withKind * riskPermille(input.riskProbability), 1000);
}

export function expectedRecoveryMinor(openMinor: number, permille: number): number {
  return divideRounded(openMinor * permille, 1000);
}
