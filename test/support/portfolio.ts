import type { Db } from '../../src/db/database.ts';
import type { Consent, ContactChannel } from '../../src/db/schema.ts';
import { allocatePendingPayments } from '../../src/use-cases/allocate-payments.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';

/** Small builders for scenario tests: deterministic values for everything that drives rules. */
export async function givenOrganisation(db: Db, slug: string) {
  return createOrganisation(db, {
    slug,
    name: 'Padaria Central',
    legalName: 'Padaria Central Ltda',
    taxId: '11.222.333/0001-81',
    address: 'Rua das Flores, 100, São Paulo - SP',
  });
}

export interface CustomerSpec {
  externalId: string;
  name?: string;
  country?: string;
  language?: string;
  timezone?: string;
  segment?: string;
  status?: 'active' | 'paused' | 'with_agency' | 'in_court' | 'bankrupt' | 'closed';
  pausedUntil?: string;
  contacts?: { channel: ContactChannel; address: string; consent?: Consent }[];
}

export async function givenCustomer(db: Db, organisationId: string, spec: CustomerSpec): Promise<string> {
  const country = spec.country ?? 'BR';
  const row = await db
    .insertInto('customers')
    .values({
      organisation_id: organisationId,
      external_id: spec.externalId,
      name: spec.name ?? `Cliente ${spec.externalId}`,
      country,
      language: spec.language ?? (country === 'BR' ? 'pt-BR' : country === 'US' ? 'en' : 'es'),
      timezone: spec.timezone ?? (country === 'BR' ? 'America/Sao_Paulo' : country === 'US' ? 'America/New_York' : 'Europe/Madrid'),
      segment: spec.segment ?? null,
      status: spec.status ?? 'active',
      paused_until: spec.pausedUntil ?? null,
      updated_at: new Date(),
      postal_address: 'Av. Paulista, 1000, São Paulo - SP',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contacts = spec.contacts ?? [{ channel: 'email', address: `${spec.externalId.toLowerCase()}@example.com` }];
  if (contacts.length > 0) {
    await db
      .insertInto('contacts')
      .values(
        contacts.map((c) => ({
          organisation_id: organisationId,
          customer_id: row.id,
          channel: c.channel,
          address: c.address,
          consent: c.consent ?? 'granted',
          updated_at: new Date(),
        })),
      )
      .execute();
  }
  return row.id;
}

export async function givenInvoice(
  db: Db,
  organisationId: string,
  customerId: string,
  spec: { externalId: string; issueDate?: string; dueDate: string; amountMinor: number; currency?: string },
): Promise<string> {
  const row = await db
    .insertInto('invoices')
    .values({
      organisation_id: organisationId,
      external_id: spec.externalId,
      number: spec.externalId,
      customer_id: customerId,
      issue_date: spec.issueDate ?? spec.dueDate,
      due_date: spec.dueDate,
      amount_minor: spec.amountMinor,
      currency: spec.currency ?? 'BRL',
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function givenPayment(
  db: Db,
  organisationId: string,
  customerId: string,
  spec: { externalId: string; date: string; amountMinor: number; currency?: string; invoiceId?: string },
): Promise<void> {
  await db
    .insertInto('payments')
    .values({
      organisation_id: organisationId,
      external_id: spec.externalId,
      customer_id: customerId,
      received_on: spec.date,
      amount_minor: spec.amountMinor,
      currency: spec.currency ?? 'BRL',
      target_invoice_id: spec.invoiceId ?? null,
    })
    .execute();
  await db.transaction().execute((trx) => allocatePendingPayments(trx, organisationId, [customerId]));
}

/** What the outbox holds for a customer, in a compact, readable form: "step channel recipient". */
export async function outboxOf(db: Db, organisationId: string, customerId?: string): Promise<string[]> {
  let query = db.selectFrom('outbox_messages').select(['as_of', 'step_id', 'channel', 'recipient']).where('organisation_id', '=', organisationId);
  if (customerId) query = query.where('customer_id', '=', customerId);
  const rows = await query.orderBy('as_of').orderBy('step_id').orderBy('recipient').execute();
  return rows.map((r) => `${r.as_of} ${r.step_id} ${r.channel} ${r.recipient}`);
}

export async function tasksOf(db: Db, organisationId: string, customerId?: string): Promise<string[]> {
  let query = db.selectFrom('tasks').select(['due_on', 'step_id', 'kind']).where('organisation_id', '=', organisationId);
  if (customerId) query = query.where('customer_id', '=', customerId);
  const rows = await query.orderBy('due_on').orderBy('step_id').execute();
  return rows.map((r) => `${r.due_on} ${r.step_id} ${r.kind}`);
}
