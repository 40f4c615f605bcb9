// The cadence benchmark's portfolio, loaded straight with SQL (insert … select … from
// generate_series) so that a million invoices load in seconds, not through the importer.
//
// Customer c (1 … N) gets `invoicesPerCustomer` invoices k = 0 … 9:
// - k < c % 7 are overdue on asOf (0 … 6 per customer, 3 on average: 30 % of all invoices);
//   the oldest (k = 0) falls in the window of one step of the default policy, chosen by
//   band = floor(c / 7) % 7 (D+1, D+5, D+10, D+20, D+30, D+45, D+60), the others anywhere
//   from 1 day to that window's end, so the cold run fires every step and covers the rest;
//   one in ten of them is half paid;
// - of the others, even k are paid invoices of the past and odd k are open, due within the
//   next 44 days (those due in ≤ 3 days give the D-3 courtesy e-mail when nothing is overdue).
// Every customer has an e-mail contact (0.5 % opted out); 40 % a phone, 30 % WhatsApp.
// Suppression is present in realistic shares: 1 % of customers paused, an open dispute on one
// invoice of 2 %, a pending promise covering the overdue invoices of 2.5 %. One active
// webhook endpoint subscribes to every event, so the run writes webhook deliveries too.
// Everything is a function of (c, k): the same portfolio on both engines.
import { rmSync } from 'node:fs';
import { sql, type RawBuilder } from 'kysely';
import pg from 'pg';
import type { Db, Engine } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { migrate } from '../../src/db/migrate.ts';
import { signingKey } from '../../src/use-cases/opt-out.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { openTarget, postgresServerUrl } from './bench-database.ts';
import { benchDataPath } from './data-dir.ts';

export const cadenceDatabaseName = 'regua_bench_cadence';
const cadencePgliteDir = () => benchDataPath('pglite-cadence');

export interface PortfolioSize {
  customers: number;
  invoicesPerCustomer: number;
}

export interface PortfolioCounts {
  customers: number;
  contacts: number;
  invoices: number;
  openInvoices: number;
  overdueInvoices: number;
  disputes: number;
  promises: number;
}

/** Where the benchmark database of an engine lives (a PostgreSQL URL or a PGlite directory). */
function cadenceLocation(engine: Engine): string {
  if (engine === 'pglite') return cadencePgliteDir();
  const url = new URL(postgresServerUrl);
  url.pathname = `/${cadenceDatabaseName}`;
  return url.toString();
}

/** Drops and re-creates the engine's benchmark database (only `regua_bench_cadence`, or bench/data/pglite-cadence). */
export async function recreateCadenceDatabase(engine: Engine): Promise<string> {
  if (engine === 'postgres') {
    const client = new pg.Client({ connectionString: postgresServerUrl });
    await client.connect();
    try {
      await client.query(`drop database if exists ${cadenceDatabaseName} with (force)`);
      await client.query(`create database ${cadenceDatabaseName}`);
    } finally {
      await client.end();
    }
  } else {
    rmSync(cadencePgliteDir(), { recursive: true, force: true });
  }
  return cadenceLocation(engine);
}

/** Migrates, creates the organisation and loads the portfolio; returns the organisation. */
export async function loadPortfolio(db: Db, size: PortfolioSize, asOf: string, log: (line: string) => void): Promise<Organisation> {
  await migrate(db);
  const created = await createOrganisation(db, {
    slug: 'bench-cadence',
    name: 'Cobranças Benchmark Ltda',
    legalName: 'Cobranças Benchmark Ltda',
    taxId: '11.222.333/0001-81',
    address: 'Rua X, 1, São Paulo - SP',
    country: 'BR',
    defaultCurrency: 'BRL',
  });
  const org = created.id;
  await db
    .updateTable('organisations')
    .set({ settings: sql`settings || ${JSON.stringify({ pix_key: '11222333000181' })}::jsonb` })
    .where('id', '=', org)
    .execute();
  // A server that has delivered before has its opt-out signing key; without one, every message would also update the organisation row.
  await signingKey(db, await db.selectFrom('organisations').selectAll().where('id', '=', org).executeTakeFirstOrThrow());

  const n = size.customers;
  const step = async (label: string, statement: RawBuilder<unknown>) => {
    const start = process.hrtime.bigint();
    const result = await statement.execute(db);
    log(`  ${label}: ${result.numAffectedRows ?? '?'} rows, ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`);
  };

  await step(
    'customers',
    sql`
    insert into customers (organisation_id, external_id, name, party_type, country, language, timezone, status, paused_until, postal_address)
    select ${org}, 'C' || lpad(c::text, 7, '0'), 'Cliente ' || c || case when c % 10 < 7 then ' Comércio Ltda' else ' da Silva' end,
      case when c % 10 < 7 then 'business' else 'consumer' end, 'BR', 'pt-BR', 'America/Sao_Paulo',
      case when c % 100 = 50 then 'paused' else 'active' end, case when c % 100 = 50 then ${asOf}::date + 10 end,
      'Rua ' || c || ', 100, São Paulo - SP, 01000-000'
    from generate_series(1, ${n}::int) c`,
  );

  const customerIndex = sql`(select id, substr(external_id, 2)::int as c from customers where organisation_id = ${org})`;
  await step(
    'contacts',
    sql`
    insert into contacts (organisation_id, customer_id, name, channel, address, consent)
    select ${org}, cu.id, 'Financeiro ' || cu.c, ch.channel,
      case when ch.channel = 'email' then 'financeiro' || cu.c || '@cliente' || cu.c || '.example.com' else '+5511' || (900000000 + cu.c)::text end,
      case when ch.channel = 'email' and cu.c % 200 = 7 then 'opted_out' else 'granted' end
    from ${customerIndex} cu
    join (values ('email'), ('phone'), ('whatsapp')) ch (channel)
      on ch.channel = 'email' or (ch.channel = 'phone' and cu.c % 5 < 2) or (ch.channel = 'whatsapp' and cu.c % 10 < 3)`,
  );

  await step(
    'invoices',
    sql`
    insert into invoices (organisation_id, external_id, customer_id, number, issue_date, due_date, amount_minor, currency, paid_minor, status)
    select ${org}, 'I' || lpad(c::text, 7, '0') || '-' || k, id, 'NF ' || c || '/' || k, due - 45, due, amount, 'BRL',
      case when status = 'paid' then amount when status = 'open' and due < ${asOf}::date and (c + k) % 10 = 0 then amount / 2 else 0 end, status
    from (
      select cu.id, cu.c, k, 5000 + ((cu.c::bigint * 7919 + k * 104729) % 995000) as amount,
        case
          when k < cu.c % 7 then ${asOf}::date - case
            when k = 0 then (array[1, 5, 10, 20, 30, 45, 60])[(cu.c / 7) % 7 + 1] + cu.c % ((array[4, 5, 10, 10, 15, 15, 61])[(cu.c / 7) % 7 + 1])
            else 1 + (cu.c * 31 + k * 17) % (array[4, 9, 19, 29, 44, 59, 120])[(cu.c / 7) % 7 + 1] end
          when k % 2 = 0 then ${asOf}::date - (60 + (cu.c * 13 + k * 101) % 300)
          else ${asOf}::date + (cu.c * 13 + k * 7) % 45
        end as due,
        case when k >= cu.c % 7 and k % 2 = 0 then 'paid' else 'open' end as status
      from ${customerIndex} cu cross join generate_series(0, ${size.invoicesPerCustomer - 1}::int) k
    ) i`,
  );

  await step(
    'disputes',
    sql`
    insert into disputes (organisation_id, invoice_id, reason, owner)
    select ${org}, i.id, 'product_problem', 'bench' from invoices i
    where i.organisation_id = ${org} and i.external_id like 'I%-1' and substr(i.external_id, 2, 7)::int % 50 = 3 and i.due_date < ${asOf}::date and i.status = 'open'`,
  );

  await step(
    'promises',
    sql`
    insert into promises (organisation_id, customer_id, promised_date, amount_minor, currency, grace_days, channel, invoice_ids)
    select ${org}, i.customer_id, ${asOf}::date + 3, sum(i.amount_minor - i.paid_minor), 'BRL', 2, 'phone', array_agg(i.id order by i.id)
    from invoices i
    where i.organisation_id = ${org} and substr(i.external_id, 2, 7)::int % 40 = 11 and i.due_date < ${asOf}::date and i.status = 'open'
    group by i.customer_id`,
  );

  await db
    .insertInto('webhook_endpoints')
    .values({ organisation_id: org, url: 'http://127.0.0.1:9/regua-hooks', secret: 'whsec_benchmark', event_types: [] })
    .execute();
  const start = process.hrtime.bigint();
  // PGlite never gathers statistics by itself; a PostgreSQL server's autovacuum would have by the next morning.
  await sql`vacuum analyze`.execute(db);
  log(`  vacuum analyze: ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s`);
  return db.selectFrom('organisations').selectAll().where('id', '=', org).executeTakeFirstOrThrow();
}

export async function portfolioCounts(db: Db, organisationId: string, asOf: string): Promise<PortfolioCounts> {
  const count = async (statement: RawBuilder<{ n: number }>) => (await statement.execute(db)).rows[0]!.n;
  return {
    customers: await count(sql<{ n: number }>`select count(*)::int as n from customers where organisation_id = ${organisationId}`),
    contacts: await count(sql<{ n: number }>`select count(*)::int as n from contacts where organisation_id = ${organisationId}`),
    invoices: await count(sql<{ n: number }>`select count(*)::int as n from invoices where organisation_id = ${organisationId}`),
    openInvoices: await count(sql<{ n: number }>`select count(*)::int as n from invoices where organisation_id = ${organisationId} and status = 'open'`),
    overdueInvoices: await count(
      sql<{ n: number }>`select count(*)::int as n from invoices where organisation_id = ${organisationId} and status = 'open' and due_date < ${asOf}::date`,
    ),
    disputes: await count(sql<{ n: number }>`select count(*)::int as n from disputes where organisation_id = ${organisationId}`),
    promises: await count(sql<{ n: number }>`select count(*)::int as n from promises where organisation_id = ${organisationId}`),
  };
}

/** Opens the engine's benchmark database (one connection unless told otherwise). */
export function openCadenceDatabase(engine: Engine, connections = 1) {
  return openTarget(engine, cadenceLocation(engine), { connections });
}
