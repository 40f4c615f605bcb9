import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { transportsFromEnv } from '../../src/wiring.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { savePolicy } from '../../src/use-cases/cadence/policies.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { saveTemplateOverride } from '../../src/use-cases/templates/save-template-override.ts';
import { describeEachEngine } from '../support/engines.ts';
import { at10, bureauClient, contactKinds, listingOf, markSent } from '../support/escalation.ts';
import { startFakeBureau, type FakeBureau } from '../support/fake-providers/bureau.ts';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-providers/twilio.ts';
import { startFakeWhatsApp, type FakeWhatsApp } from '../support/fake-providers/whatsapp.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const smsNoticePolicy = {
  name: 'sms-notice',
  version: 1,
  steps: [
    { id: 'd+30-final-sms', offsetDays: 30, channel: 'sms', template: 'final_notice', tone: 'final' },
    { id: 'd+45-bureau-listing', offsetDays: 45, channel: 'action', template: 'bureau_listing', tone: 'final', action: 'bureau_listing' },
  ],
};

describeEachEngine('proof of delivery: a bureau prior notice by SMS, proven by a signed Twilio status callback', (database) => {
  let org: Organisation;
  let bar: string;
  let twilio: FakeTwilio;
  let bureau: FakeBureau;
  let app: FastifyInstance;
  let publicUrl: string;
  let clock = at10('2026-10-01');
  const receiptsOf = () => database().db.selectFrom('delivery_receipts').selectAll().where('organisation_id', '=', org.id).execute();
  const notice = () =>
    database()
      .db.selectFrom('outbox_messages')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('template', '=', 'final_notice')
      .executeTakeFirstOrThrow();
  const run = (asOf: string) => runCadence(database().db, org, { asOf, now: at10(asOf), bureau: bureauClient(bureau) });

  before(async () => {
    const db = database().db;
    twilio = await startFakeTwilio();
    bureau = await startFakeBureau();
    org = await givenOrganisation(db, 'receipts-sms');
    const saved = await db.transaction().execute((trx) =>
      saveTemplateOverride(
        trx,
        org,
        {
          key: 'final_notice',
          channel: 'sms',
          language: 'pt-BR',
          body: 'Aviso: {{ totals.amount }} em aberto pode ser registrado em cadastro de inadimplentes em 10 dias. {{ creditor.legalName }}, CNPJ {{ creditor.taxId }}. Sair: {{ optOutUrl }}',
        },
        { actor: 'test', now: at10('2026-09-01') },
      ),
    );
    assert.equal(saved.ok, true, JSON.stringify(saved));
    // Saved after the SMS version of final_notice exists (Régua ships it for e-mail and letters only).
    await savePolicy(db, org.id, smsNoticePolicy, { isDefault: true });
    bar = await givenCustomer(db, org.id, { externalId: 'BAR', contacts: [{ channel: 'phone', address: '+5511987654321' }] });
    await givenInvoice(db, org.id, bar, { externalId: 'NF-77', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 50000 });

    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    app = await buildServer({ db, receipts: { publicUrl, secrets: { twilioAuthToken: twilio.authToken, whatsapp: undefined }, now: () => clock } });
    await app.listen({ port, host: '127.0.0.1' });
  });
  after(async () => {
    await app.close();
    await twilio.close();
    await bureau.close();
  });

  it('Thu 1 Oct (D+30): the final notice goes by SMS and asks Twilio for status callbacks at PUBLIC_URL', async () => {
    const db = database().db;
    const summary = await run('2026-10-01');
    assert.equal(summary.actions.sms, 1);
    const transports = transportsFromEnv(
      {
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+5511999990000',
        TWILIO_BASE_URL: twilio.baseUrl,
        PUBLIC_URL: `${publicUrl}/`,
      },
      { storeLetter: () => Promise.reject(new Error('no letters here')) },
    );
    const delivered = await deliverDue(db, org, at10('2026-10-01'), deliveryDeps({ publicUrl }, transports));
    assert.equal(delivered.sent, 1);
    const form = twilio.forms().at(-1)!;
    assert.equal(form.get('StatusCallback'), `${publicUrl}/hooks/twilio/status`);
    assert.equal(form.get('To'), '+5511987654321');
    const row = await notice();
    assert.deepEqual([row.status, row.channel, row.provider_message_id?.startsWith('SM')], ['sent', 'sms', true]);
  });

  it('Fri 16 Oct (D+45): the listing opens on the SMS notice, which is sent but not proven delivered: nothing goes to the bureau', async () => {
    await run('2026-10-16');
    const listing = await listingOf(database().db, org.id, bar);
    assert.equal(listing.status, 'pending');
    assert.equal(bureau.listings.size, 0);
  });

  it('an unsigned callback is 401 and a forged one 403; neither changes anything', async () => {
    const { provider_message_id: sid } = await notice();
    clock = new Date('2026-10-16T14:00:00Z');
    const unsigned = await twilio.statusCallback(sid!, 'delivered', { signature: null });
    assert.equal(unsigned.status, 401);
    const forged = await twilio.statusCallback(sid!, 'delivered', { authToken: 'not-the-auth-token' });
    assert.equal(forged.status, 403);
    assert.deepEqual((forged.body as { error: { code: string } }).error.code, 'signature_invalid');
    const garbage = await twilio.statusCallback(sid!, 'delivered', { signature: 'AAAA' });
    assert.equal(garbage.status, 403);
    assert.equal((await notice()).status, 'sent');
    assert.deepEqual(await receiptsOf(), []);
    assert.equal((await contactKinds(database().db, org.id, bar)).includes('delivery_receipt'), false);
  });

  it('Fri 16 Oct 11:00 local: Twilio reports sent (ignored) then delivered; the message is delivered at that time, once, and the record says so', async () => {
    const db = database().db;
    const { provider_message_id: sid, id } = await notice();
    const sent = await twilio.statusCallback(sid!, 'sent');
    assert.deepEqual([sent.status, sent.body], [200, { applied: 0, duplicate: 0, ignored: 1, unknown_message: 0 }]);
    const delivered = await twilio.statusCallback(sid!, 'delivered');
    assert.deepEqual([delivered.status, delivered.body], [200, { applied: 1, duplicate: 0, ignored: 0, unknown_message: 0 }]);
    const again = await twilio.statusCallback(sid!, 'delivered');
    assert.deepEqual(again.body, { applied: 0, duplicate: 1, ignored: 0, unknown_message: 0 });
    // A late "undelivered" cannot undo a proven delivery.
    await twilio.statusCallback(sid!, 'undelivered', { errorCode: '30003' });

    const row = await notice();
    assert.equal(row.status, 'delivered');
    assert.equal(row.delivered_at?.toISOString(), '2026-10-16T14:00:00.000Z');
    const receipts = await receiptsOf();
    assert.deepEqual(
      receipts.map((r) => [r.outbox_message_id, r.provider, r.status, r.provider_status]),
      [
        [id, 'twilio', 'delivered', 'delivered'],
        [id, 'twilio', 'failed', 'undelivered'],
      ],
    );
    const entries = await db
      .selectFrom('interactions')
      .select(['kind', 'actor', 'content'])
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'delivery_receipt')
      .orderBy('seq')
      .execute();
    assert.equal(entries.length, 2);
    assert.deepEqual(
      (({ status, new_status, provider_message_id }) => ({ status, new_status, provider_message_id }))(entries[0]!.content as Record<string, unknown>),
      { status: 'delivered', new_status: 'delivered', provider_message_id: sid },
    );
    assert.equal((entries[1]!.content as Record<string, unknown>).new_status, undefined);
  });

  it('Sun 25 Oct: the 10-day notice period runs from delivery (16 Oct): still waiting', async () => {
    await run('2026-10-25');
    assert.equal(bureau.listings.size, 0);
    assert.equal((await listingOf(database().db, org.id, bar)).status, 'pending');
  });

  it('Mon 26 Oct: the daily run lists the customer, with the SMS notice sent and delivered as proof', async () => {
    await run('2026-10-26');
    assert.equal(bureau.listings.size, 1);
    const [listed] = [...bureau.listings.values()];
    const body = listed!.body as { notice: { channel: string; sent_at: string; delivered_at: string } };
    assert.deepEqual(body.notice, { channel: 'sms', sent_at: '2026-10-01T13:00:00.000Z', delivered_at: '2026-10-16T14:00:00.000Z' });
    const listing = await listingOf(database().db, org.id, bar);
    assert.deepEqual([listing.status, listing.listed_on], ['listed', '2026-10-26']);
  });
});

describeEachEngine('WhatsApp Cloud API webhook: subscription check and signed status receipts', (database) => {
  let org: Organisation;
  let customer: string;
  let whatsapp: FakeWhatsApp;
  let app: FastifyInstance;
  let hookUrl: string;
  const clock = new Date('2026-10-20T15:00:00Z');

  async function sentWhatsApp(suffix: string): Promise<{ id: string; wamid: string }> {
    const db = database().db;
    const row = await db
      .insertInto('outbox_messages')
      .values({
        organisation_id: org.id,
        customer_id: customer,
        dedupe_key: `wa-${suffix}`,
        as_of: '2026-10-20',
        policy_name: 'default',
        step_id: 'd+5-whatsapp',
        channel: 'whatsapp',
        template: 'whatsapp_reminder',
        tone: 'neutral',
        language: 'pt-BR',
        recipient: '+5511987654321',
        timezone: 'America/Sao_Paulo',
        country: 'BR',
        currency: 'BRL',
        receivable_ids: [],
        next_attempt_at: clock,
        updated_at: clock,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await markSent(db, org.id, row.id, new Date('2026-10-20T13:00:00Z'));
    const wamid = `wamid.${suffix}-${row.id}`;
    await db.updateTable('outbox_messages').set({ provider_message_id: wamid }).where('organisation_id', '=', org.id).where('id', '=', row.id).execute();
    return { id: row.id, wamid };
  }
  const statusOf = async (id: string) =>
    database()
      .db.selectFrom('outbox_messages')
      .select(['status', 'delivered_at', 'last_error'])
      .where('organisation_id', '=', org.id)
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  before(async () => {
    const db = database().db;
    whatsapp = await startFakeWhatsApp();
    org = await givenOrganisation(db, 'receipts-whatsapp');
    customer = await givenCustomer(db, org.id, { externalId: 'ZAP', contacts: [{ channel: 'whatsapp', address: '+5511987654321' }] });
    app = await buildServer({
      db,
      receipts: {
        publicUrl: 'https://regua.example',
        secrets: { twilioAuthToken: undefined, whatsapp: { appSecret: whatsapp.appSecret, verifyToken: whatsapp.verifyToken } },
        now: () => clock,
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    hookUrl = `http://127.0.0.1:${port}/hooks/whatsapp`;
  });
  after(async () => {
    await app.close();
    await whatsapp.close();
  });

  it('GET answers hub.challenge only to the right verify token', async () => {
    const ok = await app.inject({ url: `/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=${whatsapp.verifyToken}&hub.challenge=1158201444` });
    assert.deepEqual([ok.statusCode, ok.body], [200, '1158201444']);
    const wrong = await app.inject({ url: '/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444' });
    assert.equal(wrong.statusCode, 403);
  });

  it('Twilio callbacks are refused while Twilio is not configured', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/hooks/twilio/status',
      payload: 'MessageSid=SM1&MessageStatus=delivered',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
    });
    assert.equal(response.statusCode, 404);
  });

  it('unsigned 401, wrong signature 403: the message stays sent', async () => {
    const { id, wamid } = await sentWhatsApp('forged');
    const unsigned = await whatsapp.statusWebhook(hookUrl, [{ id: wamid, status: 'delivered', timestamp: clock }], { signature: null });
    assert.equal(unsigned.status, 401);
    const forged = await whatsapp.statusWebhook(hookUrl, [{ id: wamid, status: 'delivered', timestamp: clock }], { signature: `sha256=${'0'.repeat(64)}` });
    assert.equal(forged.status, 403);
    assert.equal((await statusOf(id)).status, 'sent');
  });

  it('delivered then read: delivered at the status timestamp, read recorded; repeats are no-ops; unknown ids are counted, not failed', async () => {
    const { id, wamid } = await sentWhatsApp('ok');
    const at = new Date('2026-10-20T13:00:42Z');
    const first = await whatsapp.statusWebhook(hookUrl, [
      { id: wamid, status: 'sent', timestamp: at },
      { id: wamid, status: 'delivered', timestamp: at },
      { id: 'wamid.not-ours', status: 'delivered', timestamp: at },
    ]);
    assert.deepEqual([first.status, first.body], [200, { applied: 1, duplicate: 0, ignored: 1, unknown_message: 1 }]);
    const read = await whatsapp.statusWebhook(hookUrl, [
      { id: wamid, status: 'read', timestamp: new Date('2026-10-20T13:10:00Z') },
      { id: wamid, status: 'delivered', timestamp: at },
    ]);
    assert.deepEqual(read.body, { applied: 1, duplicate: 1, ignored: 0, unknown_message: 0 });
    const row = await statusOf(id);
    assert.deepEqual([row.status, row.delivered_at?.toISOString()], ['delivered', '2026-10-20T13:00:42.000Z']);
    const kinds = await contactKinds(database().db, org.id, customer);
    assert.equal(kinds.filter((k) => k === 'delivery_receipt').length, 2);
  });

  it('failed with an error code: the message fails with the provider reason', async () => {
    const { id, wamid } = await sentWhatsApp('failed');
    const response = await whatsapp.statusWebhook(hookUrl, [
      { id: wamid, status: 'failed', timestamp: clock, errors: [{ code: 131026, title: 'Message undeliverable' }] },
    ]);
    assert.deepEqual(response.body, { applied: 1, duplicate: 0, ignored: 0, unknown_message: 0 });
    const row = await statusOf(id);
    assert.equal(row.status, 'failed');
    assert.match(row.last_error ?? '', /131026.*Message undeliverable/);
  });
});

describeEachEngine('proof of delivery by hand: the AR of a registered letter through the API', (database) => {
  it('a letter notice sent on 16 Oct, its AR signed on 22 Oct: recorded, listed 10 days after delivery; bad input names the field', async () => {
    const db = database().db;
    const bureau = await startFakeBureau();
    try {
      const org = await givenOrganisation(db, 'receipts-ar');
      const loja = await givenCustomer(db, org.id, { externalId: 'LOJA', contacts: [] });
      await givenInvoice(db, org.id, loja, { externalId: 'NF-5', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 30000 });
      await runCadence(db, org, { asOf: '2026-10-16', now: at10('2026-10-16'), bureau: bureauClient(bureau) });
      const letter = await db
        .selectFrom('outbox_messages')
        .select(['id', 'channel'])
        .where('organisation_id', '=', org.id)
        .where('step_id', '=', 'bureau-notice')
        .executeTakeFirstOrThrow();
      assert.equal(letter.channel, 'letter');
      await db
        .updateTable('outbox_messages')
        .set({ status: 'queued_for_print', sent_at: at10('2026-10-16') })
        .where('organisation_id', '=', org.id)
        .where('id', '=', letter.id)
        .execute();

      const { token } = await createApiToken(db, org.id, 'test');
      const app = await buildServer({ db });
      const headers = { authorization: `Bearer ${token}` };
      try {
        const listed = await app.inject({ url: '/api/v1/bureau/notices?customer=ext:LOJA&undelivered=true', headers });
        assert.equal(listed.statusCode, 200, listed.body);
        const [n] = (listed.json() as { data: { id: string; channel: string; sent_at: string | null; delivered_at: string | null }[] }).data;
        assert.deepEqual([n!.channel, n!.delivered_at], ['letter', null]);

        const bad = await app.inject({
          method: 'POST',
          url: `/api/v1/bureau/notices/${n!.id}/delivery`,
          headers,
          payload: { delivered_at: '2026-10-22T15:00:00Z', kind: 'pigeon', reference: 'X' },
        });
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, /"field":"kind"/);
        const early = await app.inject({
          method: 'POST',
          url: `/api/v1/bureau/notices/${n!.id}/delivery`,
          headers,
          payload: { delivered_at: '2026-10-15T15:00:00Z', kind: 'ar', reference: 'JT123456789BR' },
        });
        assert.equal(early.statusCode, 400);
        assert.equal((early.json() as { error: { code: string } }).error.code, 'delivery_before_sending');

        const ok = await app.inject({
          method: 'POST',
          url: `/api/v1/bureau/notices/${n!.id}/delivery`,
          headers,
          payload: { delivered_at: '2026-10-22T15:00:00Z', kind: 'ar', reference: 'JT123456789BR', note: 'AR assinado por Maria' },
        });
        assert.equal(ok.statusCode, 200, ok.body);
        const proven = ok.json() as { delivered_at: string; delivery_evidence: Record<string, unknown> };
        assert.equal(proven.delivered_at, '2026-10-22T15:00:00.000Z');
        assert.deepEqual(
          [proven.delivery_evidence.kind, proven.delivery_evidence.reference, proven.delivery_evidence.note],
          ['ar', 'JT123456789BR', 'AR assinado por Maria'],
        );
        assert.ok((await contactKinds(db, org.id, loja)).includes('bureau_notice_delivered'));
      } finally {
        await app.close();
      }

      await runCadence(db, org, { asOf: '2026-10-31', now: at10('2026-10-31'), bureau: bureauClient(bureau) });
      assert.equal(bureau.listings.size, 0, 'ten days from 22 Oct is 1 Nov');
      await runCadence(db, org, { asOf: '2026-11-01', now: at10('2026-11-01'), bureau: bureauClient(bureau) });
      assert.equal(bureau.listings.size, 1);
    } finally {
      await bureau.close();
    }
  });
});
