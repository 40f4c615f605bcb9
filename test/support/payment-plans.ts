import type { Db } from '../../src/db/database.ts';
import { createPaymentPlan, type PaymentPlanRequest } from '../../src/use-cases/payment-plans/create-payment-plan.ts';

/** Builders and compact readers for payment-plan tests. */
export async function givenPlan(db: Db, organisationId: string, customerExternalId: string, request: PaymentPlanRequest, asOf: string): Promise<string> {
  const { planId } = await db
    .transaction()
    .execute((trx) =>
      createPaymentPlan(trx, organisationId, { externalId: customerExternalId }, request, { actor: 'collector:ana', now: new Date(`${asOf}T13:00:00Z`), asOf }),
    );
  return planId;
}

/** The plan's receivables as "external_id due_date amount_minor status". */
export async function partsOfPlan(
  db: Db,
  organisationId: string,
  planId: string,
): Promise<{ id: string; externalId: string; dueDate: string; amountMinor: number; paidMinor: number; status: string }[]> {
  const rows = await db
    .selectFrom('payment_plan_instalments as s')
    .innerJoin('invoices as i', (j) => j.onRef('i.organisation_id', '=', 's.organisation_id').onRef('i.id', '=', 's.invoice_id'))
    .select(['i.id', 'i.external_id', 'i.due_date', 'i.amount_minor', 'i.paid_minor', 'i.status'])
    .where('s.organisation_id', '=', organisationId)
    .where('s.plan_id', '=', planId)
    .orderBy('s.number')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    externalId: r.external_id,
    dueDate: r.due_date,
    amountMinor: r.amount_minor,
    paidMinor: r.paid_minor,
    status: r.status,
  }));
}

export async function invoiceState(db: Db, organisationId: string, externalId: string): Promise<{ status: string; paidMinor: number }> {
  const row = await db
    .selectFrom('invoices')
    .select(['status', 'paid_minor'])
    .where('organisation_id', '=', organisationId)
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return { status: row.status, paidMinor: row.paid_minor };
}

export async function planStatus(db: Db, organisationId: string, planId: string): Promise<string> {
  const row = await db
    .selectFrom('payment_plans')
    .select('status')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', planId)
    .executeTakeFirstOrThrow();
  return row.status;
}

export async function chargesOnFile(db: Db, organisationId: string, invoiceIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('invoice_charges')
    .select(['key', 'amount_minor'])
    .where('organisation_id', '=', organisationId)
    .where('invoice_id', 'in', [...invoiceIds])
    .orderBy('key')
    .execute();
  return rows.map((r) => `${r.key} ${r.amount_minor}`);
}
