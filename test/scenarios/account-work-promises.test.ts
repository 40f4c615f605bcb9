import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { makePromise } from '../../src/use-cases/account-work/make-promise.ts';
import { promiseStats } from '../../src/use-cases/account-work/promise-stats.ts';
import { worklist } from '../../src/use-cases/account-work/worklist.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { at10, collector } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, outboxOf } from '../support/portfolio.ts';
import { orgContext } from '../support/org-context.ts';

describeEachEngine('promises to pay, a collector diary', (database) => {
  let org: Organisation;
  let padaria: string;
  let nf2: string;
  const db = () => database().db;
  const run = (date: string) => runCadence(db(), org, { asOf: date, now: at10(date) });
  const promiseStatus = async () =>
    (await db().selectFrom('promises').select(['promised_date', 'status']).where('organisation_id', '=', org.id).orderBy('created_at').execute()).map(
      (p) => `${p.promised_date} ${p.status}`,
    );
  const recordKinds = async () =>
    (
      await db().selectFrom('interactions').select('kind').where('organisation_id', '=', org.id).where('kind', 'like', 'promise_%').orderBy('seq').execute()
    ).map((r) => r.kind);

  before(async () => {
    org = await givenOrganisation(db(), 'promises');
    padaria = await givenCustomer(db(), org.id, {
      externalId: 'PADARIA',
      contacts: [
        { channel: 'email', address: 'financeiro@padaria.example' },
        { channel: 'whatsapp', address: '+5511912345678' },
      ],
    });
    await givenInvoice(db(), org.id, padaria, { externalId: 'NF-1', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 50000 });
  });

  it('3 Nov (D+1): the friendly e-mail goes out', async () => {
    await run('2026-11-03');
    assert.deepEqual(await outboxOf(db(), org.id), ['2026-11-03 d+1-email email financeiro@padaria.example']);
  });

  it('4 Nov: on the phone the baker promises 500.00 for 10 Nov; by default the promise covers NF-1', async () => {
    const promise = await db()
      .transaction()
      .execute((trx) =>
        makePromise(
          trx,
          orgContext(org, collector('2026-11-04')),
          { externalId: 'PADARIA' },
          { promisedDate: '2026-11-10', amount: '500.00', channel: 'phone' },
        ),
      );
    assert.deepEqual([promise.status, promise.grace_days, promise.amount_minor, promise.invoices.map((i) => i.external_id)], ['pending', 2, 50000, ['NF-1']]);
  });

  it('7 Nov (D+5): the WhatsApp step is held back by the promise', async () => {
    const summary = await run('2026-11-07');
    assert.deepEqual(summary.suppressed, { promise_to_pay: 1 });
    assert.equal((await outboxOf(db(), org.id)).length, 1);
  });

  it('11 Nov: the Pix arrives inside the grace period; the 12 Nov run marks the promise kept', async () => {
    await givenPayment(db(), org.id, padaria, { externalId: 'PIX-1', date: '2026-11-11', amountMinor: 50000 });
    await run('2026-11-12');
    assert.deepEqual(await promiseStatus(), ['2026-11-10 kept']);
    assert.deepEqual(await recordKinds(), ['promise_made', 'promise_kept']);
    assert.equal((await outboxOf(db(), org.id)).length, 1, 'NF-1 is paid: nothing more to chase');
  });

  it('13 Nov: a new invoice NF-2 (due 12 Nov) and a new promise of 300.00 for 16 Nov, one day of grace', async () => {
    nf2 = await givenInvoice(db(), org.id, padaria, { externalId: 'NF-2', issueDate: '2026-11-12', dueDate: '2026-11-12', amountMinor: 30000 });
    const promise = await db()
      .transaction()
      .execute((trx) =>
        makePromise(
          trx,
          orgContext(org, collector('2026-11-13')),
          { externalId: 'PADARIA' },
          { promisedDate: '2026-11-16', amount: '300.00', channel: 'whatsapp', graceDays: 1 },
        ),
      );
    assert.deepEqual(promise.invoice_ids, [nf2]);
  });

  it('14 and 17 Nov: quiet, the promise (16 Nov + 1 day) still holds', async () => {
    assert.deepEqual((await run('2026-11-14')).suppressed, { promise_to_pay: 1 });
    assert.deepEqual((await run('2026-11-17')).suppressed, { promise_to_pay: 1 });
    assert.deepEqual(await promiseStatus(), ['2026-11-10 kept', '2026-11-16 pending']);
    assert.equal((await outboxOf(db(), org.id)).length, 1);
  });

  it('18 Nov: no payment came; the promise is broken, a worklist item appears and the cadence resumes with WhatsApp (D+6)', async () => {
    const summary = await run('2026-11-18');
    assert.deepEqual(await promiseStatus(), ['2026-11-10 kept', '2026-11-16 broken']);
    assert.deepEqual(await recordKinds(), ['promise_made', 'promise_kept', 'promise_made', 'promise_broken']);
    assert.deepEqual(summary.suppressed, {});
    assert.equal(summary.actions.whatsapp, 1);
    assert.deepEqual((await outboxOf(db(), org.id)).at(-1), '2026-11-18 d+5-whatsapp whatsapp +5511912345678');

    const items = (await worklist(db(), orgContext(org), { asOf: '2026-11-18' }, { limit: 10, after: null })).items;
    assert.deepEqual(
      items.map((w) => [w.kind, w.customerExternalId, w.openMinor, w.receivableIds]),
      [['broken_promise', 'PADARIA', 30000, [nf2]]],
    );
  });

  it('running 18 Nov again decides nothing twice', async () => {
    await run('2026-11-18');
    const tasks = await db().selectFrom('tasks').select('kind').where('organisation_id', '=', org.id).execute();
    assert.deepEqual(
      tasks.map((t) => t.kind),
      ['broken_promise'],
    );
    assert.deepEqual(await recordKinds(), ['promise_made', 'promise_kept', 'promise_made', 'promise_broken']);
  });

  it('the promise-kept rate of the baker is one in two', async () => {
    const stats = await promiseStats(db(), orgContext(org), { id: padaria });
    assert.deepEqual(stats, { made: 2, kept: 1, broken: 1, pending: 0, cancelled: 0, keptRate: 0.5 });
  });
});
