import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { contentHash, hashEntry } from '../../src/domain/contact-record.ts';
import { addDays, dateInZone } from '../../src/domain/dates.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice } from '../support/portfolio.ts';

describeEachEngine('API: account work', (database) => {
  let api: ApiClient;
  let orgId: string;
  const today = dateInZone(new Date(), 'America/Sao_Paulo');
  const db = () => database().db;
  const ok = async (response: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) => {
    const r = await response;
    assert.equal(r.statusCode, status, r.body);
    return r.json() as Record<string, unknown> & { data: Record<string, unknown>[]; next_cursor: string | null };
  };
  const errorOf = async (response: Promise<{ statusCode: number; json(): unknown }>) => {
    const r = await response;
    return [r.statusCode, (r.json() as { error: { code: string } }).error.code];
  };

  before(async () => {
    orgId = (await createOrganisation(db(), { slug: 'work', name: 'Work Ltda' })).id;
    api = await givenApi(db(), orgId);
    const loja = await givenCustomer(db(), orgId, { externalId: 'LOJA' });
    await givenInvoice(db(), orgId, loja, { externalId: 'L-1', issueDate: addDays(today, -60), dueDate: addDays(today, -30), amountMinor: 30000 });
    await givenInvoice(db(), orgId, loja, { externalId: 'L-2', issueDate: addDays(today, -40), dueDate: addDays(today, -10), amountMinor: 50000 });
    await givenInvoice(db(), orgId, loja, { externalId: 'L-3', issueDate: addDays(today, -40), dueDate: addDays(today, -5), amountMinor: 20000 });
  });
  after(() => api?.close());

  test('manual contacts go to the record with actor and channel; the record pages in order', async () => {
    const call = await ok(
      api.post('/api/v1/customers/ext:LOJA/interactions', { channel: 'phone', kind: 'call_outcome', outcome: 'reached', text: 'spoke to the owner' }),
      201,
    );
    assert.deepEqual([call.kind, call.channel, call.content], ['call_outcome', 'phone', { text: 'spoke to the owner', outcome: 'reached' }]);
    assert.match(String(call.actor), /^api:/);
    await ok(api.post('/api/v1/customers/ext:LOJA/interactions', { channel: 'email', kind: 'inbound_reply', text: 'we will pay next week' }), 201);
    await ok(api.post('/api/v1/customers/ext:LOJA/interactions', { channel: 'other', kind: 'note', text: 'prefers WhatsApp' }), 201);
    assert.deepEqual(await errorOf(api.post('/api/v1/customers/ext:LOJA/interactions', { channel: 'phone', kind: 'call_outcome', text: 'x' })), [
      400,
      'validation_failed',
    ]);
    assert.deepEqual(await errorOf(api.post('/api/v1/customers/ext:NOBODY/interactions', { channel: 'phone', kind: 'note', text: 'x' })), [
      404,
      'customer_not_found',
    ]);

    const first = await ok(api.get('/api/v1/customers/ext:LOJA/record?limit=2'));
    const second = await ok(api.get(`/api/v1/customers/ext:LOJA/record?limit=2&cursor=${first.next_cursor}`));
    assert.deepEqual(
      [...first.data, ...second.data].map((e) => e.kind),
      ['call_outcome', 'inbound_reply', 'note'],
    );
    assert.equal(second.next_cursor, null);
  });

  test('late-payment reasons: categorised, in the record, latest first', async () => {
    await ok(api.post('/api/v1/customers/ext:LOJA/late-reasons', { category: 'invoice_not_received', text: 'boleto went to the old address' }), 201);
    await ok(api.post('/api/v1/customers/ext:LOJA/late-reasons', { category: 'cash_flow', channel: 'whatsapp' }), 201);
    assert.deepEqual(await errorOf(api.post('/api/v1/customers/ext:LOJA/late-reasons', { category: 'bad_luck' })), [400, 'validation_failed']);
    const list = await ok(api.get('/api/v1/customers/ext:LOJA/late-reasons'));
    assert.deepEqual(
      list.data.map((r) => [r.category, r.channel]),
      [
        ['cash_flow', 'whatsapp'],
        ['invoice_not_received', 'phone'],
      ],
    );
    const entries = await db()
      .selectFrom('interactions')
      .select('content')
      .where('organisation_id', '=', orgId)
      .where('kind', '=', 'late_reason')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      entries.map((e) => e.content.category),
      ['invoice_not_received', 'cash_flow'],
    );
  });

  test('promises: default invoices oldest first covering the amount; list, stats, cancel', async () => {
    // 600.00 needs L-1 (300.00) and L-2 (500.00); L-3 is not needed.
    const promise = await ok(api.post('/api/v1/customers/ext:LOJA/promises', { promised_date: addDays(today, 5), amount: '600.00', channel: 'phone' }), 201);
    assert.deepEqual(
      (promise.invoices as { external_id: string }[]).map((i) => i.external_id),
      ['L-1', 'L-2'],
    );
    assert.deepEqual([promise.amount, promise.status, promise.grace_days], [{ amount: '600.00', currency: 'BRL' }, 'pending', 2]);
    const named = await ok(
      api.post('/api/v1/customers/ext:LOJA/promises', {
        promised_date: addDays(today, 3),
        amount: '200.00',
        channel: 'email',
        invoices: ['ext:L-3'],
        grace_days: 0,
      }),
      201,
    );
    assert.deepEqual(
      (named.invoices as { external_id: string }[]).map((i) => i.external_id),
      ['L-3'],
    );

    assert.deepEqual(await errorOf(api.post('/api/v1/customers/ext:LOJA/promises', { promised_date: addDays(today, -1), amount: '1.00', channel: 'phone' })), [
      400,
      'validation_failed',
    ]);
    assert.deepEqual(
      await errorOf(api.post('/api/v1/customers/ext:LOJA/promises', { promised_date: today, amount: '200.01', channel: 'phone', invoices: ['ext:L-3'] })),
      [400, 'validation_failed'],
    );

    const list = await ok(api.get('/api/v1/customers/ext:LOJA/promises'));
    assert.deepEqual(
      list.data.map((p) => p.id),
      [named.id, promise.id],
    );
    const cancelled = await ok(api.post(`/api/v1/promises/${named.id}/cancel`, { reason: 'entered twice' }));
    assert.equal(cancelled.status, 'cancelled');
    assert.deepEqual(await errorOf(api.post(`/api/v1/promises/${named.id}/cancel`, {})), [409, 'promise_not_pending']);
    assert.deepEqual(await ok(api.get('/api/v1/customers/ext:LOJA/promise-stats')), { made: 2, kept: 0, broken: 0, pending: 1, cancelled: 1, kept_rate: null });
  });

  test('disputes: one open per invoice, listed by status, a rejection changes no money', async () => {
    const dispute = await ok(api.post('/api/v1/invoices/ext:L-3/disputes', { reason: 'price differs from the order', owner: 'user:bruno' }), 201);
    assert.deepEqual(await errorOf(api.post('/api/v1/invoices/ext:L-3/disputes', { reason: 'again' })), [409, 'dispute_exists']);
    const open = await ok(api.get('/api/v1/disputes?status=open'));
    assert.deepEqual(
      open.data.map((d) => d.id),
      [dispute.id],
    );
    assert.deepEqual(await errorOf(api.post(`/api/v1/disputes/${dispute.id}/resolve`, { resolution: 'credit_note', amount: '200.01' })), [
      400,
      'validation_failed',
    ]);
    const rejected = await ok(api.post(`/api/v1/disputes/${dispute.id}/resolve`, { resolution: 'rejected', note: 'price is per contract' }));
    assert.deepEqual([rejected.status, rejected.invoice_open], ['rejected', { amount: '200.00', currency: 'BRL' }]);
    assert.deepEqual((await ok(api.get('/api/v1/disputes?status=open'))).data, []);
  });

  test('the record export lists every entry of the customer with a hash that recomputes', async () => {
    const exported = await ok(api.get('/api/v1/customers/ext:LOJA/record.json'));
    const entries = exported.entries as {
      seq: number;
      occurred_at: string;
      customer_id: string;
      actor: string;
      channel: string;
      kind: string;
      content: unknown;
      content_sha256: string | null;
      prev_hash: string;
      hash: string;
    }[];
    const customerEntries = await db()
      .selectFrom('interactions')
      .select('seq')
      .where('organisation_id', '=', orgId)
      .where('customer_id', 'is not', null)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      entries.map((e) => e.seq),
      customerEntries.map((e) => e.seq),
    );
    assert.ok(entries.some((e) => e.kind === 'dispute_resolved') && entries.some((e) => e.kind === 'promise_cancelled'));
    for (const e of entries) {
      assert.equal(
        hashEntry({
          seq: e.seq,
          occurredAt: new Date(e.occurred_at),
          customerId: e.customer_id,
          actor: e.actor,
          channel: e.channel,
          kind: e.kind,
          content: e.content,
          contentSha256: e.content_sha256,
          prevHash: e.prev_hash,
        }),
        e.hash,
        `entry ${e.seq}`,
      );
      assert.equal(e.content_sha256, contentHash(e.content), `entry ${e.seq}: content_sha256 is the content's hash`);
    }
    assert.deepEqual((exported.chain as { intact: boolean }).intact, true);

    const pdf = await api.get('/api/v1/customers/ext:LOJA/record.pdf');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('the worklist ranks by expected recovery, pages, filters by assignee; an outcome closes an item', async () => {
    const asOf = '2026-11-22';
    const customer = async (ext: string, dueDate: string, amountMinor: number) => {
      const id = await givenCustomer(db(), orgId, { externalId: ext });
      const invoice = await givenInvoice(db(), orgId, id, { externalId: `${ext}-1`, issueDate: addDays(dueDate, -30), dueDate, amountMinor });
      return { id, invoice };
    };
    const task = (c: { id: string; invoice: string }, kind: string, dueOn = asOf, status: 'open' | 'done' = 'open') =>
      db()
        .insertInto('tasks')
        .values({
          organisation_id: orgId,
          customer_id: c.id,
          kind,
          dedupe_key: `${kind}:${c.id}:${dueOn}`,
          currency: 'BRL',
          receivable_ids: [c.invoice],
          due_on: dueOn,
          status,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const history = (c: { id: string; invoice: string }, status: 'kept' | 'broken') =>
      db()
        .insertInto('promises')
        .values({
          organisation_id: orgId,
          customer_id: c.id,
          promised_date: '2026-09-01',
          amount_minor: 100,
          currency: 'BRL',
          channel: 'phone',
          invoice_ids: [c.invoice],
          status,
        })
        .execute();

    // A: 10 days overdue (800‰), no promise history (750‰): 1000.00 × 0.600 = 600.00.
    const a = await customer('A', '2026-11-12', 100000);
    const aTask = await task(a, 'call');
    // B: 113 days overdue (200‰), one broken promise (500‰): 2000.00 × 0.100 = 200.00.
    const b = await customer('B', '2026-08-01', 200000);
    await history(b, 'broken');
    await task(b, 'broken_promise');
    // C: 2 days overdue (800‰), two promises kept (1000‰): 500.00 × 0.800 = 400.00.
    const c = await customer('C', '2026-11-20', 50000);
    await history(c, 'kept');
    await history(c, 'kept');
    await task(c, 'call');
    // D: 30 days overdue (800‰), no history (750‰), a dispute due in 2 days (500‰): 3000.00 × 0.300 = 900.00.
    await customer('D', '2026-10-23', 300000);
    await ok(api.post('/api/v1/invoices/ext:D-1/disputes', { reason: 'wrong quantity', deadline: '2026-11-24' }), 201);
    // Not today's work: a call for later, and a call already done.
    await task(a, 'call', '2026-11-25');
    await task(c, 'call', '2026-11-21', 'done');

    const first = await ok(api.get(`/api/v1/worklist?as_of=${asOf}&limit=2`));
    const second = await ok(api.get(`/api/v1/worklist?as_of=${asOf}&limit=2&cursor=${first.next_cursor}`));
    const ranked = [...first.data, ...second.data].filter((w) => ['A', 'B', 'C', 'D'].includes(String(w.customer_external_id)));
    assert.deepEqual(
      ranked.map((w) => [w.customer_external_id, w.kind, (w.expected_recovery as { amount: string }).amount]),
      [
        ['D', 'dispute_deadline', '900.00'],
        ['A', 'call', '600.00'],
        ['C', 'call', '400.00'],
        ['B', 'broken_promise', '200.00'],
      ],
    );
    assert.equal(second.next_cursor, null);

    const assigned = await ok(api.post(`/api/v1/tasks/${aTask.id}/assign`, { assignee: 'user:ana' }));
    assert.equal(assigned.assigned_to, 'user:ana');
    assert.deepEqual(
      (await ok(api.get(`/api/v1/worklist?as_of=${asOf}&assignee=user:ana`))).data.map((w) => w.task_id),
      [aTask.id],
    );

    const done = await ok(api.post(`/api/v1/tasks/${aTask.id}/outcome`, { outcome: 'reached', note: 'will pay Friday' }));
    assert.deepEqual([done.status, done.outcome], ['done', 'reached: will pay Friday']);
    assert.deepEqual(await errorOf(api.post(`/api/v1/tasks/${aTask.id}/outcome`, { outcome: 'again' })), [409, 'task_closed']);
    assert.ok(!(await ok(api.get(`/api/v1/worklist?as_of=${asOf}`))).data.some((w) => w.task_id === aTask.id));
    const entry = await db()
      .selectFrom('interactions')
      .select(['channel', 'content'])
      .where('organisation_id', '=', orgId)
      .where('kind', '=', 'task_outcome')
      .executeTakeFirstOrThrow();
    assert.deepEqual([entry.channel, entry.content.outcome, entry.content.note], ['phone', 'reached', 'will pay Friday']);
  });

  test('an idempotent retry of a POST replays the first response', async () => {
    const send = () =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/customers/ext:LOJA/interactions',
        headers: { authorization: api.authorization, 'idempotency-key': 'note-1' },
        payload: { channel: 'other', kind: 'note', text: 'once' },
      });
    const [firstResponse, retry] = [await send(), await send()];
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), firstResponse.json());
    const notes = await db()
      .selectFrom('interactions')
      .select('seq')
      .where('organisation_id', '=', orgId)
      .where(sql<boolean>`content->>'text' = 'once'`)
      .execute();
    assert.equal(notes.length, 1);
  });

  test('verify answers intact, then 409 naming the entry someone altered behind the trigger', async () => {
    const count = await db()
      .selectFrom('interactions')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('organisation_id', '=', orgId)
      .executeTakeFirstOrThrow();
    const intact = await ok(api.get('/api/v1/contact-record/verify'));
    assert.deepEqual([intact.entries, intact.intact], [count.n, true]);

    const victim = await db()
      .selectFrom('interactions')
      .select('seq')
      .where('organisation_id', '=', orgId)
      .where('kind', '=', 'late_reason')
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await sql`alter table interactions disable trigger interactions_append_only`.execute(db());
    await sql`update interactions set content = jsonb_set(content, '{category}', '"forgot"') where organisation_id = ${orgId} and seq = ${victim.seq}`.execute(
      db(),
    );
    await sql`alter table interactions enable trigger interactions_append_only`.execute(db());
    const broken = await api.get('/api/v1/contact-record/verify');
    assert.equal(broken.statusCode, 409);
    const error = broken.json().error;
    assert.equal(error.code, 'chain_broken');
    assert.deepEqual([error.details.seq, error.details.entries_intact], [victim.seq, victim.seq - 1]);
    assert.match(error.message, new RegExp(`entry ${victim.seq}\\b`));
  });
});
