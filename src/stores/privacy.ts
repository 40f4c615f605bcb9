import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { RetentionFacts } from '../domain/privacy.ts';

/**
 * A debtor's personal data across the tables: what an export reads and what an erasure
 * overwrites. Every table with a customer_id column is exported as it is found in the schema
 * (a table added later is exported without a change here); the tables that reach the customer
 * through an invoice or a payment are named below.
 */

/** Tables that hold a customer's rows through one of its invoices or payments: table → [parent table, its key column]. */
const throughParent: [table: string, parent: 'invoices' | 'payments', key: 'invoice_id' | 'payment_id'][] = [
  ['disputes', 'invoices', 'invoice_id'],
  ['invoice_charges', 'invoices', 'invoice_id'],
  ['invoice_adjustments', 'invoices', 'invoice_id'],
  ['allocations', 'payments', 'payment_id'],
  ['charge_allocations', 'payments', 'payment_id'],
  ['bank_statement_lines', 'payments', 'payment_id'],
];

async function tablesWithCustomerId(db: Db | Tx): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = current_schema() and column_name = 'customer_id' and table_name <> 'privacy_erasures'
    order by table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

/** Every row held about the customer, table by table (bytea columns as base64). */
export async function customerRows(db: Db | Tx, organisationId: string, customerId: string): Promise<Record<string, Record<string, unknown>[]>> {
  const tables: Record<string, Record<string, unknown>[]> = {};
  const { rows: customer } = await sql<Record<string, unknown>>`
    select * from customers where organisation_id = ${organisationId} and id = ${customerId}`.execute(db);
  tables.customers = customer;
  for (const table of await tablesWithCustomerId(db)) {
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)} where organisation_id = ${organisationId} and customer_id = ${customerId} order by 1, 2`.execute(db);
    tables[table] = rows;
  }
  for (const [table, parent, key] of throughParent) {
    const { rows } = await sql<Record<string, unknown>>`
      select t.* from ${sql.table(table)} t
      join ${sql.table(parent)} p on p.organisation_id = t.organisation_id and p.id = t.${sql.ref(key)}
      where t.organisation_id = ${organisationId} and p.customer_id = ${customerId}`.execute(db);
    tables[table] = rows;
  }
  for (const rows of Object.values(tables)) {
    for (const row of rows) {
      for (const [key, value] of Object.entries(row)) if (value instanceof Uint8Array) row[key] = Buffer.from(value).toString('base64');
    }
  }
  return tables;
}

const factsSelect = (organisationId: string) => sql<RetentionFacts & { customerId: string }>`
  select c.id as "customerId", c.erased_at is not null as erased,
    (select count(*)::int from invoices i where i.organisation_id = c.organisation_id and i.customer_id = c.id and i.status = 'open') as "openInvoices",
    (select count(*)::int from payment_plans p where p.organisation_id = c.organisation_id and p.customer_id = c.id and p.status = 'active') as "activePlans",
    (select count(*)::int from disputes d join invoices i on i.organisation_id = d.organisation_id and i.id = d.invoice_id
      where d.organisation_id = c.organisation_id and i.customer_id = c.id and d.status = 'open') as "openDisputes",
    (c.status in ('with_agency', 'in_court')
      or exists (select 1 from bureau_listings b where b.organisation_id = c.organisation_id and b.customer_id = c.id and b.status in ('pending', 'listed'))
      or exists (select 1 from agency_handoffs a where a.organisation_id = c.organisation_id and a.customer_id = c.id and a.status = 'active')) as escalated,
    to_char(greatest(
      c.created_at::date,
      (select max(greatest(i.issue_date, i.updated_at::date)) from invoices i where i.organisation_id = c.organisation_id and i.customer_id = c.id),
      (select max(p.received_on) from payments p where p.organisation_id = c.organisation_id and p.customer_id = c.id),
      (select max(x.occurred_at)::date from interactions x where x.organisation_id = c.organisation_id and x.customer_id = c.id and x.kind <> 'privacy_erased')
    ), 'YYYY-MM-DD') as "lastActivityOn"
  from customers c where c.organisation_id = ${organisationId}`;

/** What decides whether the customer's data is still needed (see domain/privacy.ts). */
export async function retentionFactsOf(db: Db | Tx, organisationId: string, customerId: string): Promise<RetentionFacts> {
  const { rows } = await sql<RetentionFacts>`${factsSelect(organisationId)} and c.id = ${customerId}`.execute(db);
  return rows[0]!;
}

/**
 * The facts of the customers not yet erased with nothing open and no activity after `quietSince`
 * (the sweep's candidates; the domain decides), oldest activity first. Customers created since
 * are left out first, so the daily check costs next to nothing on a young portfolio.
 */
export async function erasureCandidates(db: Db | Tx, organisationId: string, quietSince: string): Promise<(RetentionFacts & { customerId: string })[]> {
  const { rows } = await sql<RetentionFacts & { customerId: string }>`
    ${factsSelect(organisationId)} and c.erased_at is null and c.created_at < ${quietSince}::date
    and not exists (select 1 from invoices i where i.organisation_id = c.organisation_id and i.customer_id = c.id
                    and (i.status = 'open' or i.issue_date > ${quietSince}::date or i.updated_at >= ${quietSince}::date))
    and not exists (select 1 from payments p where p.organisation_id = c.organisation_id and p.customer_id = c.id and p.received_on > ${quietSince}::date)
    order by "lastActivityOn", c.id`.execute(db);
  return rows;
}

/**
 * Overwrites the customer's personal data (names, tax id, addresses, message texts, free text,
 * document contents, the contact record's content) and keeps the amounts, dates and hashes the
 * accounts and the record's chain need. Returns how many rows of each table it changed.
 */
export async function eraseCustomerRows(trx: Tx, organisationId: string, customerId: string, now: Date): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const run = async (table: string, query: ReturnType<typeof sql>) => {
    const result = await query.execute(trx);
    counts[table] = Number(result.numAffectedRows ?? 0n);
  };
  const org = organisationId;
  const id = customerId;
  await run(
    'customers',
    sql`update customers set name = 'erased ' || left(id::text, 8), external_id = 'erased-' || id::text, tax_id = null, tax_id_kind = null,
        postal_address = null, status = 'closed', paused_until = null, erased_at = ${now}, updated_at = ${now}
        where organisation_id = ${org} and id = ${id}`,
  );
  await run(
    'contacts',
    sql`update contacts set name = null, address = 'erased-' || id::text, consent = 'opted_out', consent_changed_at = ${now}, updated_at = ${now}
        where organisation_id = ${org} and customer_id = ${id}`,
  );
  await run(
    'outbox_messages',
    sql`update outbox_messages set recipient = 'erased', subject = null, body_text = null, body_html = null, last_error = null
        where organisation_id = ${org} and customer_id = ${id}`,
  );
  await run('tasks', sql`update tasks set instructions = null, outcome = null where organisation_id = ${org} and customer_id = ${id}`);
  await run('late_payment_reasons', sql`update late_payment_reasons set text = null where organisation_id = ${org} and customer_id = ${id}`);
  await run('invoices', sql`update invoices set description = null where organisation_id = ${org} and customer_id = ${id} and description is not null`);
  await run('payments', sql`update payments set reference = null where organisation_id = ${org} and customer_id = ${id} and reference is not null`);
  await run(
    'disputes',
    sql`update disputes d set reason = 'erased', resolution = null from invoices i
        where d.organisation_id = ${org} and i.organisation_id = d.organisation_id and i.id = d.invoice_id and i.customer_id = ${id}`,
  );
  await run(
    'bank_statement_lines',
    sql`update bank_statement_lines l set payer_name = null, payer_tax_id = null, memo = null, note = null from payments p
        where l.organisation_id = ${org} and p.organisation_id = l.organisation_id and p.id = l.payment_id and p.customer_id = ${id}`,
  );
  await run('documents', sql`update documents set content = ''::bytea, filename = 'erased' where organisation_id = ${org} and customer_id = ${id}`);
  await run('policy_acknowledgements', sql`update policy_acknowledgements set evidence = '{}' where organisation_id = ${org} and customer_id = ${id}`);
  await run('bureau_notices', sql`update bureau_notices set delivery_evidence = '{}' where organisation_id = ${org} and customer_id = ${id}`);
  // The record's trigger lets exactly this change through, and only in this transaction.
  await sql`select set_config('regua.erasure', 'on', true)`.execute(trx);
  await run(
    'interactions',
    sql`update interactions set content = '{"erased": true}'::jsonb, erased_at = ${now}
        where organisation_id = ${org} and customer_id = ${id} and erased_at is null`,
  );
  await sql`select set_config('regua.erasure', 'off', true)`.execute(trx);
  return counts;
}

export async function insertErasure(
  trx: Tx,
  organisationId: string,
  erasure: { customerId: string; erasedAt: Date; basis: 'retention' | 'request'; reason: string; actor: string; counts: Record<string, number> },
): Promise<void> {
  await trx
    .insertInto('privacy_erasures')
    .values({
      organisation_id: organisationId,
      customer_id: erasure.customerId,
      erased_at: erasure.erasedAt,
      basis: erasure.basis,
      reason: erasure.reason,
      actor: erasure.actor,
      counts: JSON.stringify(erasure.counts),
    })
    .execute();
}
