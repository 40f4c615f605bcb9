import { sql } from 'kysely';
import { anyOf } from '../../db/any-of.ts';
import type { Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import type { CustomerSnapshot, ContactPoint, ReceivableState, StepExecution } from '../../domain/cadence/index.ts';
import { addDays } from '../../domain/dates.ts';
import type { EscalationStep } from '../../domain/jurisdiction.ts';
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
export async function lockAndLoadSnapshots(trx: Tx, organisationId: string, customerIds: readonly string[], policyNameOf: (c: Customer) => string, asOf: string, toleranceMinor: Record<string, number>, escalationsOf: (country: string) => readonly EscalationStep[]): Promise<LoadedCustomer[]> {
  if (customerIds.length === 0) return [];
  const customers = await trx
    .selectFrom('customers')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', anyOf(customerIds))
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
  return loadSnapshots(trx, organisationId, customers, policyNameOf, asOf, toleranceMinor, escalationsOf);
}

/**
 * The snapshots of these customers (rows already read, ordered by id), without locking them:
 * delivery re-checks a message against its customer's current snapshot while a run may be
 * deciding (and locking) that customer.
 */
export async function loadSnapshots(trx: Tx, organisationId: string, customers: readonly Customer[], policyNameOf: (c: Customer) => string, asOf: string, toleranceMinor: Record<string, number>, escalationsOf: (country: string) => readonly EscalationStep[]): Promise<LoadedCustomer[]> {
  if (customers.length === 0) return [];
  const ids = customers.map((c) => c.id);
  // Pages are runs of consecutive customer ids: one index range scan per table reads them far
  // faster than a probe per id. Rows of customers in the range but not in the page (no open
  // receivable, or locked by another process) are read too and left unused below.
  const [first, last] = [ids[0]!, ids.at(-1)!];

  const [contacts, invoices, disputes, promises, credits, history, inPlan] = await Promise.all([
    trx.selectFrom('contacts').select(['id', 'customer_id', 'channel', 'address', 'consent', 'language', 'timezone', 'name'])
      .where('organisation_id', '=', organisationId).where('customer_id', '>=', first).where('customer_id', '<=', last).orderBy('id').execute(),
    trx.selectFrom('invoices').select(['id', 'customer_id', 'currency', 'due_date', 'amount_minor', 'paid_minor'])
      .where('organisation_id', '=', organisationId).where('customer_id', '>=', first).where('customer_id', '<=', last).where('status', '=', 'open')
      .where('issue_date', '<=', asOf).execute(),
    trx.selectFrom('disputes').innerJoin('invoices', (j) => j.onRef('invoices.organisation_id', '=', 'disputes.organisation_id').onRef('invoices.id', '=', 'disputes.invoice_id'))
      .select('disputes.invoice_id').where('disputes.organisation_id', '=', organisationId).where('invoices.customer_id', '>=', first).where('invoices.customer_id', '<=', last).where('disputes.status', '=', 'open').execute(),
    trx.selectFrom('promises').select(['invoice_ids', 'promised_date', 'grace_days'])
      .where('organisation_id', '=', organisationId).where('customer_id', '>=', first).where('customer_id', '<=', last).where('status', '=', 'pending').execute(),
    trx.selectFrom('payments').select(['customer_id', 'currency', sql<number>`sum(amount_minor - allocated_minor)`.as('credit')])
      .where('organisation_id', '=', organisationId).where('customer_id', '>=', first).where('customer_id', '<=', last).where('status', '=', 'posted')
      .whereRef('allocated_minor', '<', 'amount_minor').groupBy(['customer_id', 'currency']).execute(),
    trx.selectFrom('step_executions').select(['customer_id', 'receivable_id', 'policy_name', 'step_id', 'executed_on', 'outcome'])
      .where('organisation_id', '=', organisationId).where('customer_id', '>=', first).where('customer_id', '<=', last).execute(),
    coveredInGoodStanding(trx, organisationId, ids, asOf),
  ]);

  const disputed = new Set(disputes.map((d) => d.invoice_id));
  const promisedUntil = new Map<string, string>();
  for (const p of promises) {
    const until = addDays(p.promised_date, p.grace_days);
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
      id: c.id, channel: c.channel, address: c.address, consent: c.consent, name: c.name,
      language: c.language ?? customer.language, timezone: c.timezone ?? customer.timezone,
    }));
    const receivables: ReceivableState[] = (invoicesBy.get(customer.id) ?? []).map((i) => ({
      id: i.id, currency: i.currency, dueDate: i.due_date, openMinor: i.amount_minor - i.paid_minor,
      disputed: disputed.has(i.id), promisedUntil: promisedUntil.get(i.id) ?? null, inPlanGoodStanding: inPlan.has(i.id),
    }));
    const executions: StepExecution[] = (historyBy.get(customer.id) ?? [])
      .filter((h) => h.policy_name === policyName)
      .map((h) => ({ receivableId: h.receivable_id, stepId: h.step_id, on: h.executed_on, outcome: h.outcome }));
    const snapshot: CustomerSnapshot = {
      customerId: customer.id, country: customer.country, segment: customer.segment, tier: customer.tier, riskBand: customer.risk_band,
      partyType: customer.party_type, status: customer.status, pausedUntil: customer.paused_until,
      contacts: points.map(({ name: _name, ...point }) => point), receivables,
      unallocatedCreditMinor: Object.fromEntries((creditsBy.get(customer.id) ?? []).map((c) => [c.currency, c.credit])),
      toleranceMinor, history: executions, escalations: escalationsOf(customer.country),
    };
    return { customer, snapshot, contacts: new Map(points.map((p) => [p.id, p])) };
  });
}
