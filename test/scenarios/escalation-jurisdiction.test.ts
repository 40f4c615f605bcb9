import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { describeEachEngine } from '../support/engines.ts';
import { at10 } from '../support/escalation.ts';
import { givenCustomer, givenInvoice, givenOrganisation, outboxOf, tasksOf } from '../support/portfolio.ts';

/** The steps the cadence recorded for a customer, as "step outcome". */
async function stepsOf(database: () => { db: import('../../src/db/database.ts').Db }, organisationId: string, customerId: string): Promise<string[]> {
  const rows = await database()
    .db.selectFrom('step_executions')
    .select(['step_id', 'outcome'])
    .where('organisation_id', '=', organisationId)
    .where('customer_id', '=', customerId)
    .orderBy('executed_on')
    .orderBy('step_id')
    .execute();
  return rows.map((r) => `${r.step_id} ${r.outcome}`);
}

describeEachEngine('rules follow the debtor: the Brazilian bureau flow only for Brazilian debtors', (database) => {
  let org: Organisation;
  let padaria: string;
  let taqueria: string;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'jurisdiction');
    padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA', country: 'BR' });
    taqueria = await givenCustomer(db, org.id, { externalId: 'TAQUERIA', country: 'MX', timezone: 'America/Mexico_City' });
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-BR', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 80000 });
    await givenInvoice(db, org.id, taqueria, { externalId: 'FAC-MX', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 250000, currency: 'MXN' });
    // Day 1 to Day 20: both get the same reminders.
    for (const day of ['2026-10-02', '2026-10-06', '2026-10-11', '2026-10-21']) await runCadence(db, org, { asOf: day, now: at10(day) });
  });

  it('Day 30: the Brazilian customer gets the prior notice of CDC art. 43 §2; the Mexican one gets none, and the record says why', async () => {
    const db = database().db;
    const summary = await runCadence(db, org, { asOf: '2026-10-31', now: at10('2026-10-31') });
    assert.ok((await outboxOf(db, org.id, padaria)).includes('2026-10-31 d+30-final-notice email padaria@example.com'));
    const mexican = await outboxOf(db, org.id, taqueria);
    assert.equal(mexican.filter((m) => m.includes('final-notice')).length, 0, mexican.join('\n'));
    assert.equal(summary.suppressed.escalation_not_configured, 1);
    assert.ok((await stepsOf(database, org.id, taqueria)).includes('d+30-final-notice skipped'));
    const skipped = await db
      .selectFrom('interactions')
      .select('content')
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', taqueria)
      .where('kind', '=', 'step_skipped')
      .execute();
    assert.deepEqual(
      skipped.map((s) => [s.content.step, s.content.reason, s.content.country]),
      [['d+30-final-notice', 'escalation_not_configured', 'MX']],
    );
  });

  it('Day 45: only the Brazilian customer is marked for the bureau listing', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-11-15', now: at10('2026-11-15') });
    assert.ok((await tasksOf(db, org.id, padaria)).includes('2026-11-15 d+45-bureau-listing bureau_listing'));
    assert.deepEqual(await tasksOf(db, org.id, taqueria), []);
    assert.ok((await stepsOf(database, org.id, taqueria)).includes('d+45-bureau-listing skipped'));
  });
});
