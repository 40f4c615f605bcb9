/**
 * A receivable's balance and status: the only definition of "open amount" and of when a
 * receivable is paid, open again after a reversal, or closed for good. Stores that must
 * decide the status inside SQL build their expression from the constants below
 * (src/stores/invoices.ts) and a test holds the two to the same table of cases.
 */
export type ReceivableStatus = 'open' | 'paid' | 'void' | 'written_off';

/** Statuses money does not move: a voided or written-off receivable keeps its status whatever is paid. */
export const closedStatuses: readonly ReceivableStatus[] = ['void', 'written_off'];

export interface ReceivableBalance {
  /** The amount owed (today's amount, after credits and edits). */
  readonly amountMinor: number;
  /** Money applied to it (live allocations). */
  readonly paidMinor: number;
  /** Early-payment or settlement discounts booked and not reversed: they settle the receivable as money does. */
  readonly discountMinor?: number;
}

/** What is still to be paid: the amount less what was paid ("amount minus paid"). Discounts are not deducted. */
export function openMinor(balance: Pick<ReceivableBalance, 'amountMinor' | 'paidMinor'>): number {
  return balance.amountMinor - balance.paidMinor;
}

/** What is still to be paid, never below zero. */
export function outstandingMinor(balance: Pick<ReceivableBalance, 'amountMinor' | 'paidMinor'>): number {
  return Math.max(0, openMinor(balance));
}

/** Paid once the money applied plus the discounts granted reach the amount. */
export function isSettled(balance: ReceivableBalance): boolean {
  return balance.paidMinor + (balance.discountMinor ?? 0) >= balance.amountMinor;
}

/**
 * The status a receivable has after its balance changed (a payment applied or reversed, an
 * amount edited or credited, a plan moving money): void and written off stay as they are;
 * otherwise paid when settled, else open — so a reversal that leaves it short reopens it.
 */
export function receivableStatus(current: ReceivableStatus, balance: ReceivableBalance): ReceivableStatus {
  if (closedStatuses.includes(current)) return current;
  return isSettled(balance) ? 'paid' : 'open';
}
