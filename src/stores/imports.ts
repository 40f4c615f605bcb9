import { sql } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Tx } from '../db/database.ts';
import { invoiceStatusSql, recordInvoiceEdits, type AdjustmentMeta } from './invoices.ts';

/**
 * The staging side of CSV imports: one temporary table per import (import_customers,
 * import_invoices, import_payments), filled in batches with one unnest() insert per batch
 * (bulk-insert.ts, fast on both PostgreSQL and PGlite), checked against the organisation's
 * records and merged set-based. The tables disappear at commit or rollback.
 */

export type ImportKind = 'customers' | 'invoices' | 'payments';

export interface StagingColumn {
  name: string;
  type: 'int' | 'text' | 'date' | 'bigint';
}

/** A problem found in the staged rows: line, column, reason. */
export interface StagedProblem {
  line: number;
  column: string;
  reason: string;
}

export interface MergedCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

function stagingTable(kind: ImportKind): string {
  return `import_${kind}`;
}

export async function createStaging(trx: Tx, kind: ImportKind, columns: readonly StagingColumn[]): Promise<void> {
  const definition = columns.map((c) => `${c.name} ${c.type}`).join(', ');
  await sql.raw(`create temporary table ${stagingTable(kind)} (${definition}) on commit drop`).execute(trx);
}

export async function insertStaging(trx: Tx, kind: ImportKind, columns: readonly StagingColumn[], rows: readonly Record<string, unknown>[]): Promise<void> {
  await bulkInsert(trx, stagingTable(kind), columns, rows);
}

/** Each external id the staged file repeats, with the lines it is on (in order). */
export async function repeatedExternalIds(trx: Tx, kind: ImportKind): Promise<{ external_id: string; lines: number[] }[]> {
  const { rows } = await sql<{ external_id: string; lines: number[] }>`
    select external_id, array_agg(line order by line) as lines from ${sql.table(stagingTable(kind))}
    group by external_id having count(*) > 1`.execute(trx);
  return rows;
}

/** Staged rows naming a customer the organisation does not have. */
function unknownCustomers(organisationId: string, kind: 'invoices' | 'payments') {
  return sql`
    select s.line, 'customer_external_id' as column, 'unknown customer "' || s.customer_external_id || '"' as reason
    from ${sql.table(stagingTable(kind))} s
    left join customers c on c.organisation_id = ${organisationId} and c.external_id = s.customer_external_id
    where c.id is null`;
}

/** An upsert's `returning (xmax = 0) as inserted` rows counted against the staged total. */
function countMerged(kind: ImportKind, upsert: ReturnType<typeof sql>) {
  return sql<{ inserted: number; updated: number; total: number }>`
    with m as (${upsert})
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated,
           (select count(*)::int from ${sql.table(stagingTable(kind))}) as total
    from m`;
}

function countsOf(row: { inserted: number; updated: number; total: number }): MergedCounts {
  return { inserted: row.inserted, updated: row.updated, unchanged: row.total - row.inserted - row.updated };
}

/** Posted payments with money still unallocated of the customers the staged rows name (`via`: how a staged row names them). */
async function customersWithCredit(trx: Tx, organisationId: string, via: ReturnType<typeof sql>): Promise<string[]> {
  const { rows } = await sql<{ customer_id: string }>`
    select distinct p.customer_id from payments p ${via}
    where p.organisation_id = ${organisationId} and p.status = 'posted' and p.allocated_minor < p.amount_minor`.execute(trx);
  return rows.map((r) => r.customer_id);
}

// ---------------------------------------------------------------------------------------------
// customers.csv

/** Upserts the staged customers (changed ones only) and adds their billing contacts. */
export async function mergeStagedCustomers(trx: Tx, organisationId: string): Promise<MergedCounts> {
  const merged = await countMerged(
    'customers',
    sql`
    insert into customers (organisation_id, external_id, name, tax_id, tax_id_kind, party_type, country, language, timezone, segment, credit_limit_minor)
    select ${organisationId}, external_id, name, tax_id, tax_id_kind, party_type, country, language, timezone, segment, credit_limit_minor
    from import_customers
    on conflict (organisation_id, external_id) do update set
      name = excluded.name, tax_id = excluded.tax_id, tax_id_kind = excluded.tax_id_kind, party_type = excluded.party_type,
      country = excluded.country, language = excluded.language, timezone = excluded.timezone, segment = excluded.segment,
      credit_limit_minor = excluded.credit_limit_minor, updated_at = now()
    where (customers.name, customers.tax_id, customers.country, customers.language, customers.timezone, customers.segment, customers.credit_limit_minor)
      is distinct from (excluded.name, excluded.tax_id, excluded.country, excluded.language, excluded.timezone, excluded.segment, excluded.credit_limit_minor)
    returning (xmax = 0) as inserted`,
  ).execute(trx);
  const contacts = await sql`
    insert into contacts (organisation_id, customer_id, channel, address, role)
    select ${organisationId}, c.id, v.channel, v.address, 'billing'
    from import_customers s
    join customers c on c.organisation_id = ${organisationId} and c.external_id = s.external_id
    cross join lateral (values ('email', s.email), ('phone', s.phone), ('whatsapp', s.whatsapp)) as v(channel, address)
    where v.address is not null
    on conflict (organisation_id, customer_id, channel, address) do nothing`.execute(trx);
  const counts = countsOf(merged.rows[0]!);
  // A customer whose only change is a new contact address counts as updated.
  const contactOnly = Number(contacts.numAffectedRows ?? 0n) > 0 && counts.unchanged > 0 ? await countCustomersWithNewContacts(trx, organisationId) : 0;
  return { inserted: counts.inserted, updated: counts.updated + contactOnly, unchanged: counts.unchanged - contactOnly };
}

async function countCustomersWithNewContacts(trx: Tx, organisationId: string): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(distinct c.id)::int as n from import_customers s
    join customers c on c.organisation_id = ${organisationId} and c.external_id = s.external_id
    join contacts k on k.organisation_id = c.organisation_id and k.customer_id = c.id
    where c.updated_at < now() and k.created_at = now() and c.created_at < now()`.execute(trx);
  return row.rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// invoices.csv

/** Unknown customers, invoices that would change customer or currency, amounts below what was paid. */
export async function stagedInvoiceProblems(trx: Tx, organisationId: string): Promise<StagedProblem[]> {
  const { rows } = await sql<StagedProblem>`
    ${unknownCustomers(organisationId, 'invoices')}
    union all
    select s.line, 'customer_external_id', 'invoice "' || s.external_id || '" already belongs to customer "' || c.external_id || '"'
    from import_invoices s
    join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id
    join customers c on c.organisation_id = i.organisation_id and c.id = i.customer_id
    where c.external_id <> s.customer_external_id
    union all
    select s.line, 'currency', 'invoice "' || s.external_id || '" is in ' || i.currency || '; its currency cannot change'
    from import_invoices s join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id
    where i.currency <> s.currency
    union all
    select s.line, 'amount', 'is below the ' || i.paid_minor || ' minor units already paid on invoice "' || s.external_id || '"'
    from import_invoices s join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id
    where i.paid_minor > s.amount_minor`.execute(trx);
  return rows;
}

/**
 * Merges the staged invoices: changed amounts and due dates of known invoices recorded as dated
 * edits, then an update of the known rows (status by the rule: invoiceStatusSql), then a plain
 * insert of the new ones — INSERT … ON CONFLICT would do a speculative insertion for every row
 * (a fifth of the time of a first import). Returns the counts and the customers named with
 * unapplied credit.
 */
export async function mergeStagedInvoices(trx: Tx, organisationId: string, meta: AdjustmentMeta): Promise<MergedCounts & { customersWithCredit: string[] }> {
  await recordInvoiceEdits(
    trx,
    organisationId,
    sql`
    select i.id, s.amount_minor, s.due_date from import_invoices s
    join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.external_id`,
    meta,
  );
  const discount = sql`coalesce((select sum(x.amount_minor) from invoice_charges x where x.organisation_id = i.organisation_id and x.invoice_id = i.id
    and x.component = 'discount' and x.reversed_on is null), 0)`;
  const updated = await sql`
    update invoices i set
      issue_date = s.issue_date, due_date = s.due_date, amount_minor = s.amount_minor,
      description = s.description, updated_at = now(),
      status = ${invoiceStatusSql(sql`i.status`, sql`s.amount_minor`, sql`i.paid_minor`, discount)}
    from import_invoices s
    where i.organisation_id = ${organisationId} and i.external_id = s.external_id
      and (i.issue_date, i.due_date, i.amount_minor, i.description)
        is distinct from (s.issue_date, s.due_date, s.amount_minor, s.description)`.execute(trx);
  const inserted = await sql`
    insert into invoices (organisation_id, external_id, customer_id, number, issue_date, due_date, amount_minor, currency, description)
    select ${organisationId}, s.external_id, c.id, s.external_id, s.issue_date, s.due_date, s.amount_minor, s.currency, s.description
    from import_invoices s
    join customers c on c.organisation_id = ${organisationId} and c.external_id = s.customer_external_id
    where not exists (select 1 from invoices i where i.organisation_id = ${organisationId} and i.external_id = s.external_id)`.execute(trx);
  const total = await sql<{ total: number }>`select count(*)::int as total from import_invoices`.execute(trx);
  const withCredit = await customersWithCredit(
    trx,
    organisationId,
    sql`
    join customers c on c.organisation_id = p.organisation_id and c.id = p.customer_id
    join import_invoices s on s.customer_external_id = c.external_id`,
  );
  const counts = { inserted: Number(inserted.numAffectedRows ?? 0), updated: Number(updated.numAffectedRows ?? 0) };
  return { ...counts, unchanged: total.rows[0]!.total - counts.inserted - counts.updated, customersWithCredit: withCredit };
}

// ---------------------------------------------------------------------------------------------
// payments.csv

/** Unknown customers or invoices, invoices of another customer or currency, payments imported before with other facts. */
export async function stagedPaymentProblems(trx: Tx, organisationId: string): Promise<StagedProblem[]> {
  const { rows } = await sql<StagedProblem>`
    ${unknownCustomers(organisationId, 'payments')}
    union all
    select s.line, 'invoice_external_id', 'unknown invoice "' || s.invoice_external_id || '"'
    from import_payments s
    left join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
    where s.invoice_external_id is not null and i.id is null
    union all
    select s.line, 'invoice_external_id', 'invoice "' || s.invoice_external_id || '" belongs to customer "' || c.external_id || '"'
    from import_payments s
    join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
    join customers c on c.organisation_id = i.organisation_id and c.id = i.customer_id
    where c.external_id <> s.customer_external_id
    union all
    select s.line, 'currency', 'is ' || s.currency || ' but invoice "' || s.invoice_external_id || '" is in ' || i.currency
    from import_payments s
    join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
    where i.currency <> s.currency
    union all
    select s.line, 'external_id', 'payment "' || s.external_id || '" was already imported with a different customer, date, amount or currency'
    from import_payments s
    join payments p on p.organisation_id = ${organisationId} and p.external_id = s.external_id
    join customers c on c.organisation_id = p.organisation_id and c.id = p.customer_id
    where (c.external_id, p.received_on, p.amount_minor, p.currency) is distinct from (s.customer_external_id, s.received_on, s.amount_minor, s.currency)`.execute(
    trx,
  );
  return rows;
}

/**
 * Inserts the staged payments that are new (a known one only takes a new method or reference);
 * returns the counts and the customers of the staged payments with money still unallocated.
 */
export async function mergeStagedPayments(trx: Tx, organisationId: string): Promise<MergedCounts & { customersWithCredit: string[] }> {
  const merged = await countMerged(
    'payments',
    sql`
    insert into payments (organisation_id, external_id, customer_id, received_on, amount_minor, currency, method, reference, target_invoice_id)
    select ${organisationId}, s.external_id, c.id, s.received_on, s.amount_minor, s.currency, s.method, s.reference, i.id
    from import_payments s
    join customers c on c.organisation_id = ${organisationId} and c.external_id = s.customer_external_id
    left join invoices i on i.organisation_id = ${organisationId} and i.external_id = s.invoice_external_id
    on conflict (organisation_id, external_id) do update set method = excluded.method, reference = excluded.reference
    where (payments.method, payments.reference) is distinct from (excluded.method, excluded.reference)
    returning (xmax = 0) as inserted, customer_id`,
  ).execute(trx);
  const withCredit = await customersWithCredit(trx, organisationId, sql`join import_payments s on s.external_id = p.external_id`);
  return { ...countsOf(merged.rows[0]!), customersWithCredit: withCredit };
}
