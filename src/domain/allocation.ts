import type { IsoDate } from './dates.ts';

export interface OpenReceivable {
  readonly id: string;
  readonly dueDate: IsoDate;
  readonly issueDate: IsoDate;
  readonly openMinor: number;
}

export interface AllocationPlan {
  readonly allocations: { readonly receivableId: string; readonly amountMinor: number }[];
  readonly unallocatedMinor: number;
}

/**
 * Applies a payment to the oldest receivables first (earliest due date, then issue date,
 * then id, so the result never depends on the order rows came from the database).
 * What is left over stays unallocated on the payment as a credit.
 */
export function allocateOldestFirst(amountMinor: number, receivables: readonly OpenReceivable[]): AllocationPlan {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) throw new RangeError('payment amount must be a positive integer');
  const ordered = [...receivables]
    .filter((r) => r.openMinor > 0)
    .sort((a, b) => cmp(a.dueDate, b.dueDate) || cmp(a.issueDate, b.issueDate) || cmp(a.id, b.id));
  let left = amountMinor;
  const allocations: { receivableId: string; amountMinor: number }[] = [];
  for (const receivable of ordered) {
    if (left === 0) break;
    const applied = Math.min(left, receivable.openMinor);
    allocations.push({ receivableId: receivable.id, amountMinor: applied });
    left -= applied;
  }
  return { allocations, unallocatedMinor: left };
}

/** Applies a payment to one named receivable; the rest stays unallocated. */
export function allocateTo(amountMinor: number, receivable: OpenReceivable): AllocationPlan {
  const applied = Math.min(amountMinor, Math.max(receivable.openMinor, 0));
  return {
    allocations: applied > 0 ? [{ receivableId: receivable.id, amountMinor: applied }] : [],
    unallocatedMinor: amountMinor - applied,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
