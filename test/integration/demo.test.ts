import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { validateTaxId } from '../../src/domain/tax-id.ts';
import { loadDemo, DemoRefusedError } from '../../src/demo/load-demo.ts';
import { generatePortfolio } from '../../src/demo/portfolio.ts';
import { describeEachEngine } from '../support/engines.ts';

const asOf = '2026-11-22';
const seed = 4242;

describeEachEngine('demo loader', (database) => {
  let organisationId = '';
  let otherOrganisationId = '';
  let loaded: Awaited<ReturnType<typeof loadDemo>>;

  before(async () => {
    const { db } = database();
    const rows = await db
      .insertInto('organisations')
      .values([
        { slug: 'padaria', name: 'Padaria' },
        { slug: 'untouched', name: 'Untouched' },
      ])
      .returning(['id', 'slug'])
      .execute();
    organisationId = rows.find((r) => r.slug === 'padaria')!.id;
    otherOrganisationId = rows.find((r) => r.slug === 'untouched')!.id;
    loaded = await loadDemo(db, organisationId, { seed, customers: 60, asOf });
  });

  it('inserts what the generator produced, and nothing into other organisations', async () => {
    const { db } = database();
    const expected = generatePortfolio({ seed, customers: 60, asOf });
    assert.deepEqual(loaded, { customers: 60, invoices: expected.invoices.length, payments: expected.payments.length });
    const count = async (table: 'customers' | 'invoices' | 'payments', org: string) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('organisation_id', '=', org)
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count('customers', organisationId), 60);
    assert.equal(await count('invoices', organisationId), expected.invoices.length);
    assert.equal(await count('payments', organisationId), expected.payments.length);
    assert.equal(await count('customers', otherOrganisationId), 0);

    const names = await db
      .selectFrom('customers')
      .select(['external_id', 'name', 'country', 'language', 'timezone'])
      .where('organisation_id', '=', organisationId)
      .orderBy('external_id')
      .execute();
    assert.deepEqual(
      names,
      expected.customers.map(({ external_id, name, country, language, timezone }) => ({ external_id, name, country, language, timezone })),
    );
  });

  it("keeps every invoice's paid_minor equal to its allocations and within its amount, status consistent", async () => {
    const { db } = database();
    const invoices = await db
      .selectFrom('invoices as i')
      .leftJoin('allocations as a', (join) => join.onRef('a.organisation_id', '=', 'i.organisation_id').onRef('a.invoice_id', '=', 'i.id'))
      .select([
        'i.external_id',
        'i.amount_minor',
        'i.paid_minor',
        'i.status',
        'i.number',
        sql<number>`coalesce(sum(a.amount_minor), 0)::bigint`.as('allocated'),
      ])
      .where('i.organisation_id', '=', organisationId)
      .groupBy(['i.id', 'i.external_id', 'i.amount_minor', 'i.paid_minor', 'i.status', 'i.number'])
      .execute();
    assert.ok(invoices.length > 0);
    for (const invoice of invoices) {
      assert.equal(invoice.paid_minor, Number(invoice.allocated), invoice.external_id);
      assert.ok(invoice.paid_minor <= invoice.amount_minor, invoice.external_id);
      assert.equal(invoice.status, invoice.paid_minor === invoice.amount_minor ? 'paid' : 'open', invoice.external_id);
      assert.equal(invoice.number, invoice.external_id);
    }
    const statuses = new Set(invoices.map((i) => i.status));
    assert.deepEqual(statuses, new Set(['paid', 'open']));
    assert.ok(
      invoices.some((i) => i.status === 'open' && i.paid_minor > 0),
      'some partly paid',
    );
  });

  it("keeps every payment's allocated_minor equal to its allocations, dated no earlier than payment and invoice", async () => {
    const { db } = database();
    const payments = await db
      .selectFrom('payments as p')
      .leftJoin('allocations as a', (join) => join.onRef('a.organisation_id', '=', 'p.organisation_id').onRef('a.payment_id', '=', 'p.id'))
      .select(['p.external_id', 'p.amount_minor', 'p.allocated_minor', sql<number>`coalesce(sum(a.amount_minor), 0)::bigint`.as('allocated')])
      .where('p.organisation_id', '=', organisationId)
      .groupBy(['p.id', 'p.external_id', 'p.amount_minor', 'p.allocated_minor'])
      .execute();
    for (const payment of payments) {
      assert.equal(payment.allocated_minor, Number(payment.allocated), payment.external_id);
      assert.ok(payment.allocated_minor <= payment.amount_minor);
    }

    const allocations = await db
      .selectFrom('allocations as a')
      .innerJoin('payments as p', (join) => join.onRef('p.organisation_id', '=', 'a.organisation_id').onRef('p.id', '=', 'a.payment_id'))
      .innerJoin('invoices as i', (join) => join.onRef('i.organisation_id', '=', 'a.organisation_id').onRef('i.id', '=', 'a.invoice_id'))
      .select([
        'a.allocated_on',
        'p.received_on',
        'i.issue_date',
        'p.customer_id as payer',
        'i.customer_id as owner',
        'p.currency as paid_in',
        'i.currency as billed_in',
      ])
      .where('a.organisation_id', '=', organisationId)
      .execute();
    for (const a of allocations) {
      const expected = a.received_on > a.issue_date ? a.received_on : a.issue_date;
      assert.equal(a.allocated_on, expected);
      assert.ok(a.allocated_on <= asOf);
      assert.equal(a.payer, a.owner, 'money goes only to the payer’s own invoices');
      assert.equal(a.paid_in, a.billed_in);
    }
  });

  it('stores tax ids normalized with their kind and party type', async () => {
    const { db } = database();
    const customers = await db
      .selectFrom('customers')
      .select(['external_id', 'country', 'tax_id', 'tax_id_kind', 'party_type', 'credit_limit_minor'])
      .where('organisation_id', '=', organisationId)
      .execute();
    for (const customer of customers) {
      const result = validateTaxId(customer.country, customer.tax_id ?? '');
      assert.ok(result.ok, `${customer.external_id} ${customer.tax_id}`);
      assert.equal(customer.tax_id, result.normalized, 'stored without separators');
      assert.equal(customer.tax_id_kind, result.kind);
      assert.equal(customer.party_type, result.partyType);
    }
    assert.ok(customers.some((c) => c.party_type === 'consumer') && customers.some((c) => c.party_type === 'business'));
    assert.ok(customers.some((c) => c.credit_limit_minor !== null && c.credit_limit_minor > 0));
  });

  it('gives every customer a billing contact per channel it has, with a few managers and opt-outs', async () => {
    const { db } = database();
    const expected = generatePortfolio({ seed, customers: 60, asOf });
    const contacts = await db
      .selectFrom('contacts as k')
      .innerJoin('customers as c', (join) => join.onRef('c.organisation_id', '=', 'k.organisation_id').onRef('c.id', '=', 'k.customer_id'))
      .select(['c.external_id', 'k.role', 'k.channel', 'k.address', 'k.consent', 'k.consent_changed_at'])
      .where('k.organisation_id', '=', organisationId)
      .execute();
    for (const customer of expected.customers) {
      const billing = contacts.filter((k) => k.external_id === customer.external_id && k.role === 'billing');
      const want = [
        ['email', customer.email],
        ['phone', customer.phone],
        ['whatsapp', customer.whatsapp],
      ].filter(([, address]) => address !== '');
      assert.deepEqual(billing.map((k) => [k.channel, k.address]).sort(), want.sort(), customer.external_id);
    }
    const managers = contacts.filter((k) => k.role === 'manager');
    assert.ok(managers.length >= 1 && managers.length <= 20, `${managers.length} managers for 60 customers`);
    for (const k of contacts) assert.equal(k.consent === 'opted_out', k.consent_changed_at !== null);
  });

  it('refuses to load into an organisation that already has customers, leaving it unchanged', async () => {
    const { db } = database();
    await assert.rejects(loadDemo(db, organisationId, { seed: 1, customers: 5, asOf }), (error: unknown) => {
      assert.ok(error instanceof DemoRefusedError);
      assert.match(error.message, /already has customers/);
      return true;
    });
    const n = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 60);
  });

  it('refuses an organisation that does not exist', async () => {
    const { db } = database();
    await assert.rejects(loadDemo(db, '00000000-0000-4000-8000-000000000000', { customers: 1, asOf }), /does not exist/);
  });
});
