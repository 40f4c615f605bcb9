import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import { letterTransport } from '../../src/channels/letter/letter-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { defaultPolicy } from '../../src/domain/cadence/index.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { deliverWebhooks } from '../../src/use-cases/webhooks/deliver-webhooks.ts';
import { enqueueWebhookEvents } from '../../src/use-cases/webhooks/enqueue.ts';
import { verifyWebhook } from '../../src/use-cases/webhooks/signature.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startReceiver } from '../support/http-receiver.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

// 10:00 in São Paulo (UTC-3): inside the allowed contact hours.
const at10 = (date: string) => `${date}T13:00:00.000Z`;
const noActions = { email: 0, sms: 0, whatsapp: 0, letter: 0, call_task: 0, other: 0 };

describeEachEngine('API: cadence policies, runs, outbox, tasks, templates and webhooks', (database) => {
  let app: FastifyInstance;
  let token: string;
  let org: Organisation;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const webhook = { id: '', secret: '' };

  before(async () => {
    const db = database().db;
    const created = await givenOrganisation(db, 'cadence-api');
    org = await db.selectFrom('organisations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    token = (await createApiToken(db, org.id, 'test')).token;
    app = await buildServer({ db });
    smtp = await startSmtpServer();
    receiver = await startReceiver();
  });
  after(async () => {
    await app?.close();
    await smtp?.close();
    await receiver?.close();
  });

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  const post = (url: string, payload?: object) => call({ method: 'POST', url, ...(payload ? { payload } : {}) });
  const put = (url: string, payload: object) => call({ method: 'PUT', url, payload });
  const get = async (url: string) => {
    const response = await call({ url });
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json();
  };
  const deliver = (now: string) =>
    deliverDue(
      database().db,
      org,
      new Date(now),
      deliveryDeps(
        { publicUrl: 'https://regua.test' },
        {
          email: smtpTransport(smtp.url, 'cobranca@test'),
          // Present so letters are routed; deliveryDeps stores them as documents in the delivery transaction.
          letter: letterTransport({ store: async () => {} }),
        },
      ),
    );

  test('policies: the shipped default until one is saved; new versions listed, an unchanged save adds none', async () => {
    const initial = (await get('/api/v1/policies')).data;
    assert.deepEqual(
      initial.map((p: { name: string; version: number; shipped: boolean }) => [p.name, p.version, p.shipped]),
      [['default', 1, true]],
    );
    assert.equal(initial[0].steps.length, defaultPolicy.steps.length);

    const v1 = {
      name: 'vip',
      steps: [{ id: 'd+3-email', offsetDays: 3, channel: 'email', template: 'friendly_reminder', tone: 'friendly' }],
      segments: ['vip'],
    };
    const first = await post('/api/v1/policies', v1);
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual([first.json().name, first.json().version, first.json().segments, first.json().shipped], ['vip', 1, ['vip'], false]);

    const secondStep = { id: 'd+15-call', offsetDays: 15, channel: 'call_task', template: 'call_script', tone: 'neutral' };
    // Written out of order: stored sorted by offset.
    const v2 = { ...v1, steps: [secondStep, ...v1.steps] };
    const second = await post('/api/v1/policies', v2);
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json().version, 2);
    assert.deepEqual(
      second.json().steps.map((s: { id: string }) => s.id),
      ['d+3-email', 'd+15-call'],
    );

    const again = await post('/api/v1/policies', v2);
    assert.equal(again.statusCode, 200, 'nothing changed: the latest version is returned');
    assert.equal(again.json().version, 2);

    const listed = (await get('/api/v1/policies')).data;
    assert.deepEqual(
      listed.map((p: { name: string; version: number }) => `${p.name} v${p.version}`),
      ['default v1', 'vip v2'],
    );
    const detail = await get('/api/v1/policies/vip');
    assert.deepEqual(
      detail.versions.map((v: { version: number }) => v.version),
      [2, 1],
    );
    const old = await get('/api/v1/policies/vip/versions/1');
    assert.deepEqual(
      old.steps.map((s: { id: string }) => s.id),
      ['d+3-email'],
    );

    const missing = await call({ url: '/api/v1/policies/nope' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'policy_not_found');
    assert.equal((await call({ url: '/api/v1/policies/vip/versions/3' })).statusCode, 404);
  });

  test('policies: an invalid policy answers 400 naming each path, and saves nothing', async () => {
    const response = await post('/api/v1/policies', {
      name: 'broken',
      steps: [
        { id: 'a', offsetDays: 1, channel: 'email', template: 'friendly_reminder', tone: 'friendly' },
        { id: 'b', offsetDays: 'soon', channel: 'fax', template: 'x', tone: 'friendly', colour: 'red' },
      ],
    });
    assert.equal(response.statusCode, 400, response.body);
    const error = response.json().error;
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(error.details.map((d: { field: string }) => d.field).sort(), ['steps[1].channel', 'steps[1].colour', 'steps[1].offsetDays']);
    assert.equal((await call({ url: '/api/v1/policies/broken' })).statusCode, 404);
  });

  test('webhooks: the secret is shown once at creation, never in the list', async () => {
    const created = await post('/api/v1/webhooks', { url: `${receiver.url}/hooks`, event_types: ['message.status_changed'] });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.match(body.secret, /\S{16,}/);
    assert.deepEqual([body.url, body.event_types, body.active], [`${receiver.url}/hooks`, ['message.status_changed'], true]);
    Object.assign(webhook, { id: body.id, secret: body.secret });

    const listed = (await get('/api/v1/webhooks')).data;
    assert.deepEqual(
      listed.map((w: { id: string }) => w.id),
      [body.id],
    );
    assert.equal('secret' in listed[0], false);

    const bad = await post('/api/v1/webhooks', { url: 'ftp://example.com/x' });
    assert.equal(bad.statusCode, 400);
  });

  test('runs: POST /runs answers the run summary; messages (pending, then held) and tasks are visible', async () => {
    const db = database().db;
    // Ana: due Wed 4 Nov, so Mon 9 Nov is D+5 (WhatsApp). Bruno: due Fri 30 Oct, so 9 Nov is D+10 (call task).
    const ana = await givenCustomer(db, org.id, {
      externalId: 'ANA',
      contacts: [
        { channel: 'email', address: 'ana@example.com' },
        { channel: 'whatsapp', address: '+5511911112222' },
      ],
    });
    await givenInvoice(db, org.id, ana, { externalId: 'NF-ANA', issueDate: '2026-10-05', dueDate: '2026-11-04', amountMinor: 120_000 });
    const bruno = await givenCustomer(db, org.id, { externalId: 'BRUNO', contacts: [{ channel: 'phone', address: '+551133334444' }] });
    await givenInvoice(db, org.id, bruno, { externalId: 'NF-BRUNO', issueDate: '2026-09-30', dueDate: '2026-10-30', amountMinor: 80_000 });

    const run = await post('/api/v1/runs', { as_of: '2026-11-09', now: at10('2026-11-09') });
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual(run.json(), {
      as_of: '2026-11-09',
      customers_evaluated: 2,
      actions: { ...noActions, whatsapp: 1, call_task: 1 },
      suppressed: {},
      deferred: 0,
    });

    const pending = (await get('/api/v1/outbox?status=pending')).data;
    assert.deepEqual(
      pending.map((m: { customer_external_id: string; step_id: string; recipient: string }) => `${m.customer_external_id} ${m.step_id} ${m.recipient}`),
      ['ANA d+5-whatsapp +5511911112222'],
    );
    const tasks = (await get('/api/v1/tasks?kind=call&status=open')).data;
    assert.deepEqual(
      tasks.map((t: { customer_external_id: string; step_id: string; due_on: string }) => `${t.customer_external_id} ${t.step_id} ${t.due_on}`),
      ['BRUNO d+10-call 2026-11-09'],
    );
    assert.deepEqual((await get('/api/v1/tasks?status=done')).data, []);

    // Only e-mail and letters have a transport: the WhatsApp message waits as held, visible, with the reason.
    await deliver(at10('2026-11-09'));
    const held = (await get('/api/v1/outbox?status=held&customer=ext:ANA')).data;
    assert.equal(held.length, 1);
    assert.equal(held[0].channel, 'whatsapp');
    assert.match(held[0].last_error, /no transport configured for whatsapp/);
    assert.deepEqual((await get('/api/v1/outbox?status=pending')).data, []);
    assert.deepEqual((await get('/api/v1/outbox?customer=ext:BRUNO')).data, []);

    const runs = (await get('/api/v1/runs')).data;
    assert.equal(runs.length, 1);
    assert.deepEqual([runs[0].as_of, runs[0].trigger, runs[0].summary], ['2026-11-09', 'api', run.json()]);

    const repeated = await post('/api/v1/runs', { as_of: '2026-11-09', now: at10('2026-11-09') });
    assert.deepEqual(repeated.json().actions, noActions, 'a second run of the same date does nothing again');
    const invalid = await post('/api/v1/runs', { as_of: '9 Nov' });
    assert.equal(invalid.statusCode, 400);
  });

  test('templates: a threatening edit is refused naming the term; a good one is used by the next delivery', async () => {
    const url = '/api/v1/templates/friendly_reminder/email/pt-BR';
    const threatening = await put(url, {
      subject: 'Último aviso',
      body: 'Pague ou chamaremos a polícia. {{ creditor.name }} {{ creditor.taxId }} {{ optOutUrl }}',
    });
    assert.equal(threatening.statusCode, 422, threatening.body);
    const error = threatening.json().error;
    assert.equal(error.code, 'template_rejected');
    assert.deepEqual(
      error.details.map((p: { code: string; term: string | null }) => [p.code, p.term]),
      [['threatening_language', 'polícia']],
    );
    assert.match(error.message, /polícia/);
    const before = (await get('/api/v1/templates')).data.find(
      (t: { key: string; channel: string; language: string }) => t.key === 'friendly_reminder' && t.channel === 'email' && t.language === 'pt-BR',
    );
    assert.equal(before.override, null, 'a refused template is not stored');
    assert.ok(before.shipped.subject);

    const good = {
      subject: 'Lembrete de {{ creditor.name }} para {{ customer.name }}',
      body: 'Olá, {{ customer.name }}. Consta em aberto o total de {{ totals.amount }}.\n{{ creditor.legalName }}, CNPJ {{ creditor.taxId }}, {{ creditor.address }}.\nPara não receber mais: {{ optOutUrl }}',
    };
    const saved = await put(url, good);
    assert.equal(saved.statusCode, 201, saved.body);
    assert.deepEqual([saved.json().version, saved.json().subject], [1, good.subject]);
    const listed = (await get('/api/v1/templates')).data.find(
      (t: { key: string; channel: string; language: string }) => t.key === 'friendly_reminder' && t.channel === 'email' && t.language === 'pt-BR',
    );
    assert.equal(listed.override.version, 1);

    const preview = await post(`${url}/preview`);
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal(preview.json().source, 'override');
    assert.match(preview.json().subject, /^Lembrete de Padaria Central para /, 'the organisation is the creditor in the preview');
    const draft = await post(`${url}/preview`, { subject: 'Oi', body: 'Seu caloteiro. {{ creditor.name }} {{ creditor.taxId }} {{ optOutUrl }}' });
    assert.equal(draft.statusCode, 422);
    assert.deepEqual(
      draft.json().error.details.map((p: { term: string | null }) => p.term),
      ['caloteiro'],
    );

    // Carla: due Mon 9 Nov, so Tue 10 Nov is D+1, the friendly e-mail.
    const db = database().db;
    const carla = await givenCustomer(db, org.id, {
      externalId: 'CARLA',
      name: 'Carla Mendes',
      contacts: [{ channel: 'email', address: 'carla@example.com' }],
    });
    await givenInvoice(db, org.id, carla, { externalId: 'NF-CARLA', issueDate: '2026-10-10', dueDate: '2026-11-09', amountMinor: 45_000 });
    const run = await post('/api/v1/runs', { as_of: '2026-11-10', now: at10('2026-11-10') });
    assert.equal(run.json().actions.email, 1, run.body);
    const summary = await deliver(at10('2026-11-10'));
    assert.equal(summary.sent, 1);

    const mail = smtp.messages.find((m) => m.envelope.to.includes('carla@example.com'));
    assert.ok(mail, 'Carla received an e-mail');
    assert.equal(mail.subject, 'Lembrete de Padaria Central para Carla Mendes');
    const text = mail.parts.find((p) => p.contentType === 'text/plain')!.content.toString('utf8');
    assert.match(text, /^Olá, Carla Mendes\./);

    const sent = (await get('/api/v1/outbox?customer=ext:CARLA&status=sent')).data;
    assert.equal(sent.length, 1);
    const detail = await get(`/api/v1/outbox/${sent[0].id}`);
    assert.equal(detail.subject, 'Lembrete de Padaria Central para Carla Mendes');
    assert.match(detail.body_text, /Para não receber mais: https:\/\/regua\.test\/optout\//);
    assert.equal(detail.last_error, null);
  });

  test('letters: the PDF is served from GET /documents/:id', async () => {
    const db = database().db;
    // Davi: due Wed 21 Oct, so Tue 10 Nov is D+20: a firm e-mail and a letter.
    const davi = await givenCustomer(db, org.id, { externalId: 'DAVI', contacts: [{ channel: 'email', address: 'davi@example.com' }] });
    await givenInvoice(db, org.id, davi, { externalId: 'NF-DAVI', issueDate: '2026-09-21', dueDate: '2026-10-21', amountMinor: 99_990 });
    const run = await post('/api/v1/runs', { as_of: '2026-11-10', now: at10('2026-11-10') });
    assert.deepEqual(run.json().actions, { ...noActions, email: 1, letter: 1 });
    await deliver(at10('2026-11-10'));

    const letters = (await get('/api/v1/outbox?channel=letter&customer=ext:DAVI')).data;
    assert.deepEqual(
      letters.map((l: { status: string }) => l.status),
      ['queued_for_print'],
    );
    const detail = await get(`/api/v1/outbox/${letters[0].id}`);
    assert.ok(detail.document_id, detail);
    const pdf = await call({ url: `/api/v1/documents/${detail.document_id}` });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');

    assert.equal((await call({ url: '/api/v1/documents/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
    assert.equal((await call({ url: '/api/v1/outbox/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
  });

  test('webhooks: the delivery log shows each attempt; a deactivated endpoint gets no new events', async () => {
    const db = database().db;
    // Messages sent so far: Carla's e-mail, Davi's e-mail and letter; the held WhatsApp emits nothing.
    receiver.failNext(500);
    const summary = await deliverWebhooks(db, org.id, new Date(at10('2026-11-10')));
    assert.deepEqual(summary, { delivered: 2, retried: 1, failed: 0 });
    for (const request of receiver.requests) {
      const headers = {
        id: String(request.headers['webhook-id']),
        timestamp: String(request.headers['webhook-timestamp']),
        signature: String(request.headers['webhook-signature']),
      };
      assert.ok(
        verifyWebhook(webhook.secret, headers, request.body, Math.floor(Date.parse(at10('2026-11-10')) / 1000)),
        'signed with the secret shown at creation',
      );
    }

    const first = await get(`/api/v1/webhooks/${webhook.id}/deliveries?limit=2`);
    const second = await get(`/api/v1/webhooks/${webhook.id}/deliveries?limit=2&cursor=${first.next_cursor}`);
    assert.equal(second.next_cursor, null);
    const log = [...first.data, ...second.data];
    assert.equal(new Set(log.map((d: { id: string }) => d.id)).size, 3, 'pages neither skip nor repeat');
    assert.deepEqual(
      log.map((d: { event_type: string }) => d.event_type),
      Array(3).fill('message.status_changed'),
    );
    assert.deepEqual(log.map((d: { status: string; last_status_code: number; attempts: number }) => `${d.status} ${d.last_status_code} ${d.attempts}`).sort(), [
      'delivered 200 1',
      'delivered 200 1',
      'pending 500 1',
    ]);

    const removed = await call({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}` });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().active, false);
    assert.equal((await get('/api/v1/webhooks')).data[0].active, false);
    await db
      .transaction()
      .execute((trx) => enqueueWebhookEvents(trx, org.id, [{ id: 'after-deactivation', type: 'message.status_changed', data: {} }], new Date()));
    assert.equal((await get(`/api/v1/webhooks/${webhook.id}/deliveries`)).data.length, 3, 'no delivery queued for an inactive endpoint');
    assert.equal((await call({ method: 'DELETE', url: '/api/v1/webhooks/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
  });
});
