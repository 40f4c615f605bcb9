import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { listDisputes } from '../../src/use-cases/account-work/list-disputes.ts';
import { openDispute } from '../../src/use-cases/account-work/open-dispute.ts';
import { resolveDispute } from '../../src/use-cases/account-work/resolve-dispute.ts';
import { worklist } from '../../src/use-cases/account-work/worklist.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { at10, collector } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { orgContext } from '../support/org-context.ts';

describeEachEngine('a disputed invoice, a collector diary', (database) => {
  let org: Organisation;
  let mercado: string;
  let disputed: string;
  let undisputed: string;
  let disputeId: string;
  const db = () => database().db;
  const run = (date: string) => runCadence(db(), org, { asOf: date, now: at10(date) });
  const chasedOn = async (date: string) => {
    const messages = await db()
      .selectFrom('outbox_messages')
      .select('receivable_ids')
      .where('organisation_id', '=', org.id)
      .where('as_of', '=', date)
      .execute();
    const tasks = await db()
      .selectFrom('tasks')
      .select('receivable_ids')
      .where('organisation_id', '=', org.id)
      .where('due_on', '=', date)
      .where('kind', '=', 'call')
      .execute();
    return [...new Set([...messages, ...tasks].flatMap((r) => r.receivable_ids))].sort();
  };
  const invoice = (id: string) =>
    db()
      .selectFrom('invoices')
      .select(['amount_minor', 'paid_minor', 'status'])
      .where('organisation_id', '=', org.id)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  before(async () => {
    org = await givenOrganisation(db(), 'disputes');
    mercado = await givenCustomer(db(), org.id, {
      externalId: 'MERCADO',
      contacts: [
        { channel: 'email', address: 'contas@mercado.example' },
        { channel: 'phone', address: '+551133334444' },
      ],
    });
    disputed = await givenInvoice(db(), org.id, mercado, { externalId: 'NF-10', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 100000 });
    undisputed = await givenInvoice(db(), org.id, mercado, { externalId: 'NF-11', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 40000 });
  });

  it('1 Nov: the shop disputes NF-10 (goods arrived damaged); Bruno owns it, to be settled by 20 Nov', async () => {
    const dispute = await db()
      .transaction()
      .execute((trx) =>
        openDispute(
          trx,
          orgContext(org, collector('2026-11-01')),
          { externalId: 'NF-10' },
          { reason: 'goods arrived damaged', owner: 'user:bruno', deadline: '2026-11-20' },
        ),
      );
    disputeId = dispute.id;
    assert.deepEqual([dispute.status, dispute.invoice_external_id, dispute.customer_external_id], ['open', 'NF-10', 'MERCADO']);
    const open = await listDisputes(db(), orgContext(org), { status: 'open' }, { limit: 10, after: null });
    assert.deepEqual(
      open.items.map((d) => d.id),
      [disputeId],
    );
  });

  it('3 Nov (D+1): the reminder chases NF-11 only; NF-10 is suppressed', async () => {
    const summary = await run('2026-11-03');
    assert.deepEqual(summary.suppressed, { disputed: 1 });
    assert.equal(summary.actions.email, 1);
    assert.deepEqual(await chasedOn('2026-11-03'), [undisputed]);
  });

  it('13 Nov (D+11): the call task is about NF-11 alone', async () => {
    const summary = await run('2026-11-13');
    assert.equal(summary.actions.call_task, 1);
    assert.deepEqual(await chasedOn('2026-11-13'), [undisputed]);
  });

  it('17 Nov: three days before the deadline, the dispute is on the worklist, assigned to its owner', async () => {
    const items = (await worklist(db(), orgContext(org), { asOf: '2026-11-17' }, { limit: 10, after: null })).items;
    const deadline = items.find((w) => w.kind === 'dispute_deadline');
    assert.deepEqual([deadline?.assignedTo, deadline?.receivableIds, deadline?.openMinor], ['user:bruno', [disputed], 100000]);
    // Asking again raises nothing new.
    await worklist(db(), orgContext(org), { asOf: '2026-11-17' }, { limit: 10, after: null });
    const raised = await db().selectFrom('tasks').select('id').where('organisation_id', '=', org.id).where('kind', '=', 'dispute_deadline').execute();
    assert.equal(raised.length, 1);
  });

  it('18 Nov: settled with a credit note of 250.00; NF-10 now asks 750.00 and its deadline task is closed', async () => {
    const resolved = await db()
      .transaction()
      .execute((trx) =>
        resolveDispute(trx, orgContext(org, collector('2026-11-18', 'user:bruno')), disputeId, {
          resolution: 'credit_note',
          amount: '250.00',
          note: 'two boxes damaged',
          date: '2026-11-18',
        }),
      );
    assert.equal(resolved.status, 'accepted');
    assert.deepEqual(await invoice(disputed), { amount_minor: 75000, paid_minor: 0, status: 'open' });
    const task = await db()
      .selectFrom('tasks')
      .select('status')
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'dispute_deadline')
      .executeTakeFirstOrThrow();
    assert.equal(task.status, 'cancelled');
    const entry = await db()
      .selectFrom('interactions')
      .select(['actor', 'content'])
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'dispute_resolved')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [entry.actor, entry.content.credit, entry.content.amount_before, entry.content.amount_after],
      ['user:bruno', '250.00', '1000.00', '750.00'],
    );
  });

  it('19 Nov (D+17): the cadence picks NF-10 up where it was (the D+10 call) for its lowered amount', async () => {
    const summary = await run('2026-11-19');
    assert.deepEqual(summary.suppressed, {});
    assert.equal(summary.actions.call_task, 1);
    const task = await db()
      .selectFrom('tasks')
      .select(['step_id', 'receivable_ids', 'amount_minor'])
      .where('organisation_id', '=', org.id)
      .where('due_on', '=', '2026-11-19')
      .executeTakeFirstOrThrow();
    assert.equal(task.step_id, 'd+10-call');
    assert.deepEqual(task.receivable_ids, [disputed, undisputed].sort());
    assert.equal(task.amount_minor, 75000 + 40000);
  });

  it('a credit of everything still open voids an unpaid invoice; a second resolution is refused', async () => {
    const other = await givenInvoice(db(), org.id, mercado, { externalId: 'NF-12', issueDate: '2026-11-01', dueDate: '2026-11-15', amountMinor: 12345 });
    const dispute = await db()
      .transaction()
      .execute((trx) => openDispute(trx, orgContext(org, collector('2026-11-19')), { id: other }, { reason: 'never ordered' }));
    await db()
      .transaction()
      .execute((trx) => resolveDispute(trx, orgContext(org, collector('2026-11-19')), dispute.id, { resolution: 'adjustment', date: '2026-11-19' }));
    assert.deepEqual(await invoice(other), { amount_minor: 12345, paid_minor: 0, status: 'void' });
    await assert.rejects(
      db()
        .transaction()
        .execute((trx) => resolveDispute(trx, orgContext(org, collector('2026-11-19')), dispute.id, { resolution: 'rejected', date: '2026-11-19' })),
      (error: { code?: string }) => error.code === 'dispute_not_open',
    );
  });
});
