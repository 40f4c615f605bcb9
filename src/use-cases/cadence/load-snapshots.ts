import type { Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import type { CustomerSnapshot, ContactPoint, ReceivableState, StepExecution } from '../../domain/cadence/index.ts';
import { promiseDeadline } from '../../domain/promise.ts';
import type { EscalationStep } from '../../domain/jurisdiction.ts';
import { lockCustomers, snapshotRows } from '../../stores/snapshots.ts';
import { coveredInGoodStanding } from '../payment-plans/covered-in-good-standing.ts';

export interface LoadedCustomer {
  customer: Customer;
  snapshot: CustomerSnapshot;
  contacts: Map<string, ContactPoint & { name: string | null }>;
}

/**
 * Locks these customers (skipping any another process is deciding right now) and loads the
 * immutable snapshot the cadence decides on: open receivables with their dispute, promise and
 * plan state, contacts with consent, unallocated credit, and the steps already executed.
 */
export async function lockAndLoadSnapshots(
  trx: Tx,
  organisationId: string,
  customerIds: readonly string[],
  policyNameOf: (c: Customer) => string,
  asOf: string,
  toleranceMinor: Record<string, number>,
  escalationsOf: (country: string) => readonly EscalationStep[],
): Promise<LoadedCustomer[]> {
  if (customerIds.length === 0) return [];
  const customers = await lockCustomers(trx, organisationId, customerIds);
  return loadSnapshots(trx, organisationId, customers, policyNameOf, asOf, toleranceMinor, escalationsOf);
}

/**
 * The snapshots of these customers (rows already read, ordered by id), without locking them:
 * delivery re-checks a message against its customer's current snapshot while a run may be
 * deciding (and locking) that customer.
 */
export async function loadSnapshots(
  trx: Tx,
  organisationId: string,
  customers: readonly Customer[],
  policyNameOf: (c: Customer) => string,
  asOf: string,
  toleranceMinor: Record<string, number>,
  escalationsOf: (country: string) => readonly EscalationStep[],
): Promise<LoadedCustomer[]> {
  if (customers.length === 0) return [];
  const ids = customers.map((c) => c.id);
  // Pages are runs of consecutive customer ids, read by range (stores/snapshots.ts). Rows of
  // customers in the range but not in the page (no open receivable, or locked by another
  // process) are read too and left unused below.
  const [first, last] = [ids[0]!, ids.at(-1)!];

  const [[contacts, invoices, disputes, promises, credits, history], inPlan] = await Promise.all([
    snapshotRows(trx, organisationId, first, last, asOf),
    coveredInGoodStanding(trx, organisationId, ids, asOf),
  ]);

  const disputed = new Set(disputes.map((d) => d.invoice_id));
  const promisedUntil = new Map<string, string>();
  for (const p of promises) {
    const until = promiseDeadline(p.promised_date, p.grace_days);
    for (const id of p.invoice_ids) if ((promisedUntil.get(id) ?? '') < until) promisedUntil.set(id, until);
  }
  const group = <T extends { customer_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.customer_id, [...(map.get(row.customer_id) ?? []), row]);
    return map;
  };
  const contactsBy = group(contacts);
  const invoicesBy = group(invoices);
  const creditsBy = group(credits);
  const historyBy = group(history);

  return customers.map((customer) => {
    const policyName = policyNameOf(customer);
    const points = (contactsBy.get(customer.id) ?? []).map((c) => ({
      id: c.id,
      channel: c.channel,
      address: c.address,
      consent: c.consent,
      name: c.name,
      language: c.language ?? customer.language,
      timezone: c.timezone ?? customer.timezone,
    }));
    const receivables: ReceivableState[] = (invoicesBy.get(customer.id) ?? []).map((i) => ({
      id: i.id,
      currency: i.currency,
      dueDate: i.due_date,
      openMinor: i.amount_minor - i.paid_minor,
      disputed: disputed.has(i.id),
      promisedUntil: promisedUntil.get(i.id) ?? null,
      inPlanGoodStanding: inPlan.has(i.id),
    }));
    const executions: StepExecution[] = (historyBy.get(customer.id) ?? [])
      .filter((h) => h.policy_name === policyName)
      .map((h) => ({ receivableId: h.receivable_id, stepId: h.step_id, on: h.executed_on, outcome: h.outcome }));
    const snapshot: CustomerSnapshot = {
      customerId: customer.id,
      country: customer.country,
      segment: customer.segment,
      tier: customer.tier,
      riskBand: customer.risk_band,
      partyType: customer.party_type,
      status: customer.status,
      pausedUntil: customer.paused_until,
      contacts: points.map(({ name: _name, ...point }) => point),
      receivables,
      unallocatedCreditMinor: Object.fromEntries((creditsBy.get(customer.id) ?? []).map((c) => [c.currency, c.credit])),
      toleranceMinor,
      history: executions,
      escalations: escalationsOf(customer.country),
    };
    return { customer, snapshot, contacts: new Map(points.map((p) => [p.id, p])) };
  });
}
