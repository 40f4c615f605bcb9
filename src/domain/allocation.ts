import type { IsoDate } from './dates.ts';
import { chargeKey, type ChargeComponent } from './fees.ts';

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
  const ordered = [...receivables].filter((r) => r.openMinor > 0).sort((a, b) => cmp(a.dueDate, b.dueDate) || cmp(a.issueDate, b.issueDate) || cmp(a.id, b.id));
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

/**
 * Moves a payment's allocation onto other receivables (a payment plan's parts taking the money
 * that reached the invoices the plan covers): to `targets` oldest first, dated the later of the
 * allocation and `targetsFrom` (the plan's start); what they cannot take stays on the
 * receivable it was on, with its own date. The slices add up to the allocation exactly.
 */
export function reallocate(
  allocation: { readonly paymentId: string; readonly receivableId: string; readonly amountMinor: number; readonly allocatedOn: IsoDate },
  targets: readonly OpenReceivable[],
  targetsFrom: IsoDate,
): PaymentAllocation[] {
  const split = allocateOldestFirst(allocation.amountMinor, targets);
  const on = allocation.allocatedOn > targetsFrom ? allocation.allocatedOn : targetsFrom;
  const moved: PaymentAllocation[] = split.allocations.map((a) => ({
    paymentId: allocation.paymentId,
    receivableId: a.receivableId,
    amountMinor: a.amountMinor,
    allocatedOn: on,
  }));
  if (split.unallocatedMinor > 0) {
    moved.push({
      paymentId: allocation.paymentId,
      receivableId: allocation.receivableId,
      amountMinor: split.unallocatedMinor,
      allocatedOn: allocation.allocatedOn,
    });
  }
  return moved;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface PendingPayment {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly receivedOn: IsoDate;
  /** What is still unallocated on the payment. */
  readonly leftMinor: number;
  /** The receivable the payer named, if any. */
  readonly targetId?: string | null;
  /** Or several, in the order the money goes to them (a bank line or a reminder naming several). */
  readonly targetIds?: readonly string[];
}

export interface CustomerReceivable extends OpenReceivable {
  readonly customerId: string;
  readonly currency: string;
}

export interface PaymentAllocation {
  readonly paymentId: string;
  readonly receivableId: string;
  readonly amountMinor: number;
  /** The later of the payment and the receivable's issue: aging as of a past date stays right. */
  readonly allocatedOn: IsoDate;
  /** Set when the slice pays a booked late charge of the receivable rather than its principal. */
  readonly chargeKey?: string;
}

export type LateComponent = Exclude<ChargeComponent, 'discount'>;

/**
 * The order a payment is imputed within one debt: its booked late charges — interest, then
 * the fine, then the statutory compensation — and only then the principal. Código Civil art.
 * 354: "havendo capital e juros, o pagamento imputar-se-á primeiro nos juros vencidos, e depois
 * no capital". Between debts the payer's choice comes first (art. 352, the named invoice),
 * then the oldest due (art. 355).
 */
const imputationOrder: readonly LateComponent[] = ['interest', 'late_fee', 'compensation'];

/** A booked late charge still (partly) open: a receivable of its own kind, owed with its invoice. */
export interface OpenCharge {
  readonly key: string;
  readonly receivableId: string;
  readonly component: LateComponent;
  readonly openMinor: number;
}

/** What the payment terms give for paying `openMinor` of a receivable on a date (see fees.chargesOn). */
export interface TermsOnPayment {
  readonly late: readonly { readonly component: LateComponent; readonly amountMinor: number }[];
  readonly discountMinor: number;
}

/** A charge (or an early-payment discount) booked by a payment, once per receivable and component. */
export interface BookedCharge {
  readonly key: string;
  readonly receivableId: string;
  readonly component: ChargeComponent;
  readonly amountMinor: number;
  readonly currency: string;
  readonly asOf: IsoDate;
  readonly paymentId: string;
}

export interface ChargeRules {
  /** Booked late charges still open. */
  readonly open: readonly OpenCharge[];
  /** Receivables whose late charges are already booked: they are booked once, never again. */
  readonly booked: ReadonlySet<string>;
  /** The terms of the receivable's customer applied on the payment date (an accepted settlement offer may depend on the payment). */
  readonly termsAt: (receivable: CustomerReceivable, openMinor: number, paidOn: IsoDate, payment: PendingPayment) => TermsOnPayment;
}

export interface AllocationResult {
  readonly allocations: PaymentAllocation[];
  readonly charges: BookedCharge[];
}

const noCharges: ChargeRules = { open: [], booked: new Set(), termsAt: () => ({ late: [], discountMinor: 0 }) };

interface Debt {
  readonly receivable: CustomerReceivable;
  openMinor: number;
  charges: { key: string; component: LateComponent; openMinor: number }[];
}

/**
 * Allocates many payments at once, in the order given: each first to the receivable its payer
 * named (same currency), the rest to the same customer's oldest open receivables in that
 * currency — what `allocateTo` then `allocateOldestFirst` would do one payment at a time, in
 * time linear in payments plus receivables (imports allocate a million payments in one go).
 *
 * When a payment reaches a receivable, its late charges as of that day are booked (once per
 * receivable: a receivable with charges on file books nothing new) and the payment goes to the
 * charges before the principal (imputationOrder). A payment that clears the rest of a
 * receivable inside its early-payment window books the discount and settles it.
 */
export function allocatePayments(
  payments: readonly PendingPayment[],
  receivables: readonly CustomerReceivable[],
  rules: ChargeRules = noCharges,
): AllocationResult {
  const open = new Map<string, Debt>();
  const queues = new Map<string, { items: Debt[]; next: number }>();
  const chargesOf = new Map<string, Debt['charges']>();
  for (const charge of rules.open) {
    if (charge.openMinor <= 0) continue;
    const list = chargesOf.get(charge.receivableId) ?? chargesOf.set(charge.receivableId, []).get(charge.receivableId)!;
    list.push({ key: charge.key, component: charge.component, openMinor: charge.openMinor });
  }
  for (const receivable of receivables) {
    if (receivable.openMinor <= 0) continue;
    const item: Debt = { receivable, openMinor: receivable.openMinor, charges: sortCharges(chargesOf.get(receivable.id) ?? []) };
    open.set(receivable.id, item);
    const key = `${receivable.customerId}|${receivable.currency}`;
    const queue = queues.get(key) ?? queues.set(key, { items: [], next: 0 }).get(key)!;
    queue.items.push(item);
  }
  for (const queue of queues.values()) {
    queue.items.sort(
      (a, b) => cmp(a.receivable.dueDate, b.receivable.dueDate) || cmp(a.receivable.issueDate, b.receivable.issueDate) || cmp(a.receivable.id, b.receivable.id),
    );
  }

  const booked = new Set(rules.booked);
  const allocations: PaymentAllocation[] = [];
  const charges: BookedCharge[] = [];
  const take = (payment: PendingPayment, item: Debt, left: number): number => {
    if (item.openMinor <= 0 || left <= 0) return left;
    const { receivable } = item;
    const allocatedOn = payment.receivedOn > receivable.issueDate ? payment.receivedOn : receivable.issueDate;
    const terms = rules.termsAt(receivable, item.openMinor, allocatedOn, payment);
    if (!booked.has(receivable.id) && terms.late.length > 0) {
      booked.add(receivable.id);
      for (const late of terms.late) {
        if (late.amountMinor <= 0) continue;
        const key = chargeKey(receivable.id, late.component);
        charges.push({
          key,
          receivableId: receivable.id,
          component: late.component,
          amountMinor: late.amountMinor,
          currency: receivable.currency,
          asOf: allocatedOn,
          paymentId: payment.id,
        });
        item.charges.push({ key, component: late.component, openMinor: late.amountMinor });
      }
      item.charges = sortCharges(item.charges);
    }
    for (const charge of item.charges) {
      const amountMinor = Math.min(left, charge.openMinor);
      if (amountMinor <= 0) continue;
      charge.openMinor -= amountMinor;
      left -= amountMinor;
      allocations.push({ paymentId: payment.id, receivableId: receivable.id, amountMinor, allocatedOn, chargeKey: charge.key });
    }
    const discount = terms.discountMinor;
    const settlesWithDiscount = discount > 0 && discount < item.openMinor && left >= item.openMinor - discount;
    if (settlesWithDiscount) {
      charges.push({
        key: chargeKey(receivable.id, 'discount'),
        receivableId: receivable.id,
        component: 'discount',
        amountMinor: discount,
        currency: receivable.currency,
        asOf: allocatedOn,
        paymentId: payment.id,
      });
      item.openMinor -= discount;
    }
    const amountMinor = Math.min(left, item.openMinor);
    if (amountMinor <= 0) return left;
    item.openMinor -= amountMinor;
    allocations.push({ paymentId: payment.id, receivableId: receivable.id, amountMinor, allocatedOn });
    return left - amountMinor;
  };
  for (const payment of payments) {
    if (!Number.isSafeInteger(payment.leftMinor) || payment.leftMinor <= 0) continue;
    let left = payment.leftMinor;
    for (const targetId of payment.targetIds ?? (payment.targetId ? [payment.targetId] : [])) {
      const target = open.get(targetId);
      if (target && target.receivable.currency === payment.currency) left = take(payment, target, left);
    }
    const queue = queues.get(`${payment.customerId}|${payment.currency}`);
    if (!queue) continue;
    // Receivables paid in full stay at the front; skipping them once keeps the whole pass linear.
    while (queue.next < queue.items.length && queue.items[queue.next]!.openMinor === 0) queue.next++;
    for (let i = queue.next; left > 0 && i < queue.items.length; i++) left = take(payment, queue.items[i]!, left);
  }
  return { allocations, charges };
}

function sortCharges(charges: Debt['charges']): Debt['charges'] {
  return charges.sort((a, b) => imputationOrder.indexOf(a.component) - imputationOrder.indexOf(b.component));
}
