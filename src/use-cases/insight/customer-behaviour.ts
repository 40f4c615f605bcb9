import type { Db, Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import { dateInZone, type IsoDate } from '../../domain/dates.ts';
import { paymentBehaviour, type BehaviourHistory, type PaymentBehaviour } from '../../domain/insight/behaviour.ts';
import { formatAmount } from '../../domain/money.ts';
import { promiseDeadline } from '../../domain/promise.ts';
import { disputeOpeningsOf } from '../../stores/disputes.ts';
import { allocationsOfCustomers, invoicesOfCustomers, planCoverageOfCustomers, plansOfCustomers } from '../../stores/insight.ts';
import { promisesOfCustomers } from '../../stores/promises.ts';
import { customerByRef } from '../account-work/support.ts';
import type { RecordRef } from '../record-ref.ts';
import type { OrgContext } from '../org-context.ts';

export interface CustomerBehaviour {
  customer: Customer;
  behaviour: PaymentBehaviour;
}

/** A customer's payment-behaviour profile as of a date: load its dated history, then the pure profile. */
export async function customerBehaviour(db: Db, ctx: OrgContext, ref: RecordRef, asOf?: IsoDate): Promise<CustomerBehaviour> {
  const customer = await customerByRef(db, ctx.org.id, ref);
  const timezone = ctx.org.timezone;
  const history = (await loadHistory(db, ctx.org.id, timezone, [customer.id])).get(customer.id) ?? emptyHistory;
  return { customer, behaviour: paymentBehaviour(history, asOf ?? dateInZone(ctx.now, timezone)) };
}

const emptyHistory: BehaviourHistory = { invoices: [], allocations: [], promises: [], disputesOpenedOn: [], plans: [] };

/** The dated history of some customers (null: all of the organisation), by customer id (one query per kind, not per customer); days in the organisation's time zone. */
export async function loadHistory(
  db: Db | Tx,
  organisationId: string,
  timezone: string,
  customerIds: readonly string[] | null,
): Promise<Map<string, BehaviourHistory>> {
  const result = new Map<
    string,
    {
      invoices: BehaviourHistory['invoices'][number][];
      allocations: BehaviourHistory['allocations'][number][];
      promises: BehaviourHistory['promises'][number][];
      disputesOpenedOn: IsoDate[];
      plans: BehaviourHistory['plans'][number][];
    }
  >();
  if (customerIds !== null && customerIds.length === 0) return result;
  const of = (customerId: string) => {
    let history = result.get(customerId);
    if (!history) result.set(customerId, (history = { invoices: [], allocations: [], promises: [], disputesOpenedOn: [], plans: [] }));
    return history;
  };
  const ids = customerIds;
  const [invoices, allocations, promises, disputes, plans, coverage] = await Promise.all([
    invoicesOfCustomers(db, organisationId, ids),
    allocationsOfCustomers(db, organisationId, ids),
    promisesOfCustomers(db, organisationId, ids),
    disputeOpeningsOf(db, organisationId, ids),
    plansOfCustomers(db, organisationId, ids),
    planCoverageOfCustomers(db, organisationId, ids),
  ]);
  const asHistory = behaviourInvoices(coverage);
  for (const i of invoices) of(i.customer_id).invoices.push(asHistory(i));
  for (const a of allocations)
    of(a.customer_id).allocations.push({ invoiceId: a.invoice_id, amountMinor: a.amount_minor, allocatedOn: a.allocated_on, reversedOn: a.reversed_on });
  for (const p of promises)
    of(p.customer_id).promises.push({ madeOn: dateInZone(p.created_at, timezone), deadline: promiseDeadline(p.promised_date, p.grace_days), status: p.status });
  for (const d of disputes) of(d.customer_id).disputesOpenedOn.push(dateInZone(d.opened_at, timezone));
  for (const p of plans) of(p.customer_id).plans.push({ status: p.status, closedOn: p.closed_on });
  return result;
}

type InvoiceRow = {
  id: string;
  currency: string;
  issue_date: IsoDate;
  due_date: IsoDate;
  amount_minor: number;
  voided_on: IsoDate | null;
  written_off_on: IsoDate | null;
  parent_invoice_id: string | null;
};

/** Invoice rows as the insight rules read them, with the days plans covered each (from the plan coverage rows). */
export function behaviourInvoices(coverage: readonly { invoice_id: string; created_on: IsoDate; closed_on: IsoDate | null }[]) {
  const coveredBy = new Map<string, { from: IsoDate; until: IsoDate | null }[]>();
  for (const c of coverage) coveredBy.set(c.invoice_id, [...(coveredBy.get(c.invoice_id) ?? []), { from: c.created_on, until: c.closed_on }]);
  return (i: InvoiceRow): BehaviourHistory['invoices'][number] => ({
    id: i.id,
    currency: i.currency,
    issueDate: i.issue_date,
    dueDate: i.due_date,
    amountMinor: i.amount_minor,
    voidedOn: i.voided_on,
    writtenOffOn: i.written_off_on,
    instalment: i.parent_invoice_id !== null,
    coveredByPlan: coveredBy.get(i.id) ?? [],
  });
}

/** The JSON of GET /api/v1/customers/{id}/behaviour. */
export function behaviourToJson({ customer, behaviour: b }: CustomerBehaviour) {
  const ratio = (value: number | null, decimals: number) => (value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals);
  return {
    customer: { id: customer.id, external_id: customer.external_id, name: customer.name },
    as_of: b.asOf,
    invoices_paid: b.invoicesPaid,
    paid_late: b.paidLate,
    paid_over_30_days_late: b.paidOver30DaysLate,
    share_paid_late: ratio(b.sharePaidLate, 4),
    average_days_late: ratio(b.averageDaysLate, 1),
    weighted_days_late: ratio(b.weightedDaysLate, 1),
    trend: {
      recent_average_days_late: ratio(b.trend.recentAverageDaysLate, 1),
      earlier_average_days_late: ratio(b.trend.earlierAverageDaysLate, 1),
      direction: b.trend.direction,
    },
    promises: {
      made: b.promises.made,
      kept: b.promises.kept,
      broken: b.promises.broken,
      pending: b.promises.pending,
      cancelled: b.promises.cancelled,
      kept_rate: b.promises.keptRate,
    },
    disputes: b.disputes,
    plans_broken: b.plansBroken,
    written_off: b.writtenOff,
    overdue: b.overdue.map((o) => ({
      currency: o.currency,
      amount: formatAmount(o.amountMinor, o.currency),
      invoices: o.invoices,
      oldest_days_overdue: o.oldestDaysOverdue,
    })),
  };
}
