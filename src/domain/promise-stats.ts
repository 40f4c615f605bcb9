/** Promises of a customer or a portfolio by status, and the kept rate (one rule, used everywhere). */
export interface PromiseStats {
  /** Every promise recorded, cancelled ones included. */
  made: number;
  kept: number;
  broken: number;
  pending: number;
  cancelled: number;
  /** kept / (kept + broken), 4 decimals; null while no promise has come due. */
  keptRate: number | null;
}

export function statsFrom(kept: number, broken: number, pending: number, cancelled: number): PromiseStats {
  return { made: kept + broken + pending + cancelled, kept, broken, pending, cancelled, keptRate: keptRate(kept, broken) };
}

export function keptRate(kept: number, broken: number): number | null {
  const settled = kept + broken;
  return settled === 0 ? null : Math.round((kept / settled) * 10_000) / 10_000;
}
