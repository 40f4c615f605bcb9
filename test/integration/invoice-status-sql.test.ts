import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { receivableStatus, type ReceivableStatus } from '../../src/domain/receivable.ts';
import { addToPaid, invoiceStatusSql } from '../../src/stores/invoices.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

const statuses: ReceivableStatus[] = ['open', 'paid', 'void', 'written_off'];
const amounts = [1, 9_999, 10_000, 10_001, 9_007_199_254_740_000];
const paids = [0, 1, 5_000, 9_999, 10_000, 10_001, 9_007_199_254_740_000];
const discounts = [0, 1, 1_000];

/** Every combination of status, amount, paid and discount: the table the SQL spelling and the domain rule must agree on. */
const cases = statuses.flatMap((status) =>
  amounts.flatMap((amountMinor) => paids.flatMap((paidMinor) => discounts.map((discountMinor) => ({ status, amountMinor, paidMinor, discountMinor })))),
);

describeEachEngine('invoice status in SQL agrees with domain/receivable.ts', (database) => {
  let db: Db;
  before(() => {
    db = database().db;
  });

  it(`decides like receivableStatus over ${cases.length} cases of status, amount, paid and discount`, async () => {
    const expression = invoiceStatusSql(sql`c.status`, sql`c.amount_minor`, sql`c.paid_minor`, sql`c.discount_minor`);
    const { rows } = await sql<{ n: number; status: ReceivableStatus }>`
      select c.n, ${expression} as status
      from unnest(${cases.map((_, n) => n)}::int[], ${cases.map((c) => c.status)}::text[], ${cases.map((c) => c.amountMinor)}::bigint[],
        ${cases.map((c) => c.paidMinor)}::bigint[], ${cases.map((c) => c.discountMinor)}::bigint[]) as c (n, status, amount_minor, paid_minor, discount_minor)
      order by c.n`.execute(db);
    assert.equal(rows.length, cases.length);
    for (const row of rows) {
      const c = cases[row.n]!;
      assert.equal(row.status, receivableStatus(c.status, c), `status ${c.status}, amount ${c.amountMinor}, paid ${c.paidMinor}, discount ${c.discountMinor}`);
    }
  });

  it('writes paid amounts and statuses as the rule says (the writer, with discounts booked and reversed)', async () => {
    const org = (await createOrganisation(db, { slug: 'status-sql', name: 'Status Ltda' })).id;
    const { id: customerId } = await db
      .insertInto('customers')
      .values({ organisation_id: org, external_id: 'C', name: 'C', country: 'BR', language: 'pt-BR', timezone: 'America/Sao_Paulo', updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    // [status before, amount, paid before, live discount, reversed discount, delta]
    const table: [ReceivableStatus, number, number, number, number, number][] = [
      ['open', 10_000, 0, 0, 0, 9_999],
      ['open', 10_000, 0, 0, 0, 10_000],
      ['open', 10_000, 4_000, 1_000, 0, 5_000],
      ['open', 10_000, 4_000, 0, 1_000, 5_000],
      ['paid', 10_000, 10_000, 0, 0, -1],
      ['paid', 10_000, 9_000, 1_000, 0, -9_000],
      ['paid', 10_000, 10_000, 0, 0, -10_000],
      ['written_off', 10_000, 3_000, 0, 0, -3_000],
      ['written_off', 10_000, 0, 0, 0, 10_000],
      ['void', 10_000, 0, 0, 0, 0],
      ['open', 1, 0, 0, 0, 1],
    ];
    const ids: string[] = [];
    for (const [n, [status, amount, paid, discount, reversed]] of table.entries()) {
      const { id } = await db
        .insertInto('invoices')
        .values({
          organisation_id: org,
          external_id: `I${n}`,
          number: `I${n}`,
          customer_id: customerId,
          issue_date: '2026-01-01',
          due_date: '2026-02-01',
          amount_minor: amount,
          paid_minor: paid,
          status,
          currency: 'BRL',
          updated_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(id);
      const charge = (key: string, amountMinor: number, reversedOn: string | null) => ({
        organisation_id: org,
        key: `${id}:${key}`,
        invoice_id: id,
        component: 'discount' as const,
        amount_minor: amountMinor,
        currency: 'BRL',
        as_of: '2026-01-15',
        source: 'payment' as const,
        reversed_on: reversedOn,
      });
      if (discount > 0)
        await db
          .insertInto('invoice_charges')
          .values(charge('live', discount, null))
          .execute();
      if (reversed > 0)
        await db
          .insertInto('invoice_charges')
          .values(charge('reversed', reversed, '2026-01-20'))
          .execute();
    }
    await db.transaction().execute((trx) => addToPaid(trx, org, new Map(ids.map((id, n) => [id, table[n]![5]]))));
    const stored = await db.selectFrom('invoices').select(['id', 'status', 'paid_minor']).where('organisation_id', '=', org).execute();
    for (const [n, [status, amountMinor, paid, discountMinor, , delta]] of table.entries()) {
      const row = stored.find((r) => r.id === ids[n])!;
      assert.equal(Number(row.paid_minor), paid + delta, `case ${n}: paid`);
      assert.equal(row.status, receivableStatus(status, { amountMinor, paidMinor: paid + delta, discountMinor }), `case ${n}: status`);
    }
  });
});
