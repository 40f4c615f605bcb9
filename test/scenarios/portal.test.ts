import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { addDays, dateInZone } from '../../src/domain/dates.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { runDay } from '../../src/use-cases/daily/run-day.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { createWebhookEndpoint } from '../../src/use-cases/webhooks/endpoints.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, outboxOf } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

const publicUrl = 'https://cobranca.example';
/** 10:00 in São Paulo on a date. */
const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

describeEachEngine('the debtor portal: from the link in a reminder, the baker promises a date and the cadence holds off', (database) => {
  let org: Organisation;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let app: FastifyInstance;
  let clock = at10('2026-11-03');
  let padaria: string;
  let link: string;
  const db = () => database().db;
  const day = (date: string) => {
    clock = at10(date);
    return runDay(
      db(),
      { org, actor: 'system', now: clock },
      { decide: { asOf: date }, deliver: true },
      { delivery: deliveryDeps({ publicUrl }, { email: smtpTransport(smtp.url, 'cobranca@padaria.example') }) },
    );
  };
  const path = (url: string) => url.slice(publicUrl.length);
  const hidden = (html: string, form: string, name: string) => {
    const section = html.slice(html.indexOf(`/${form}?`));
    return new RegExp(`name="${name}" value="([^"]+)"`).exec(section)?.[1] ?? '';
  };
  const post = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
    return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  };
  const portalRecord = async () =>
    (
      await db()
        .selectFrom('interactions')
        .select(['kind', 'channel', 'actor'])
        .where('organisation_id', '=', org.id)
        .where('channel', '=', 'portal')
        .orderBy('seq')
        .execute()
    ).map((r) => `${r.kind} ${r.actor}`);

  before(async () => {
    smtp = await startSmtpServer();
    org = await givenOrganisation(db(), 'portal');
    await db()
      .updateTable('organisations')
      .set({ settings: sql`settings || '{"pix_key": "123e4567-e12b-12d1-a456-426655440000"}'::jsonb` })
      .where('id', '=', org.id)
      .execute();
    org = await db().selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    await createWebhookEndpoint(db(), org.id, 'https://erp.example/hooks', ['portal.submitted']);
    padaria = await givenCustomer(db(), org.id, {
      externalId: 'PADARIA',
      name: 'Padaria Pão Quente',
      contacts: [{ channel: 'email', address: 'financeiro@padaria.example' }],
    });
    await givenInvoice(db(), org.id, padaria, { externalId: 'NF-1', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 50000 });
    await givenInvoice(db(), org.id, padaria, { externalId: 'NF-2', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 20000 });
    const mercado = await givenCustomer(db(), org.id, { externalId: 'MERCADO', contacts: [{ channel: 'email', address: 'contas@mercado.example' }] });
    await givenInvoice(db(), org.id, mercado, { externalId: 'NF-9', issueDate: '2026-10-02', dueDate: '2026-11-02', amountMinor: 10000 });
    app = await buildServer({ db: db(), receipts: { publicUrl, secrets: { twilioAuthToken: undefined, whatsapp: undefined } }, portal: { now: () => clock } });
  });
  after(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('3 Nov (D+1): the reminder the SMTP server receives carries a portal link short enough for a text message', async () => {
    await day('2026-11-03');
    const mail = smtp.messages.find((m) => m.to === 'financeiro@padaria.example');
    assert.ok(mail);
    const text = mail.parts.map((p) => p.content.toString('utf8')).join('\n');
    const found = /https:\/\/cobranca\.example\/p\/[A-Za-z0-9_-]+/.exec(text);
    assert.ok(found, text);
    link = found[0];
    assert.ok(path(link).length - 3 < 60, link);
  });

  it('4 Nov: the link opens the account in Portuguese: creditor identity, what is due today with charges itemised, and a Pix', async () => {
    clock = at10('2026-11-04');
    const page = await app.inject({ url: path(link) });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    const html = page.body;
    assert.match(html, /<html lang="pt-BR">/);
    assert.match(html, /Padaria Central Ltda/);
    assert.match(html, /11\.222\.333\/0001-81/);
    assert.match(html, /Olá, Padaria Pão Quente/);
    assert.match(html, /Fatura NF-1/);
    assert.match(html, /Multa/, 'the late fee is itemised');
    assert.match(html, /Juros/, 'interest is itemised');
    const pix = /<textarea id="pix"[^>]*>([^<]+)<\/textarea>/.exec(html);
    assert.ok(pix && pix[1]!.startsWith('000201'), 'a Pix copia e cola');
    assert.match(html, /<svg/, 'and its QR code');
    assert.doesNotMatch(html, /MERCADO|NF-9/, "nothing of another customer's");
    assert.ok(gzipSync(html).length <= 60 * 1024, `${gzipSync(html).length} bytes gzipped`);
    const english = await app.inject({ url: `${path(link)}?lang=en` });
    assert.match(english.body, /<html lang="en">/);
    assert.match(english.body, /Total to pay today/);
  });

  it('a tampered link, an unknown one and garbage answer the same plain page, without any customer data', async () => {
    const token = path(link).slice(3);
    const tampered = `/p/${token.slice(0, 40)}${token[40] === 'A' ? 'B' : 'A'}${token.slice(41)}`;
    const answers = await Promise.all(
      [tampered, '/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/p/nonsense'].map((url) => app.inject({ url })),
    );
    for (const answer of answers) {
      assert.equal(answer.statusCode, 404);
      assert.doesNotMatch(answer.body, /Padaria|PADARIA|NF-1/);
    }
    assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'the same page for each');
    assert.match(answers[0]!.body, /Este link não abre/);
  });

  it('4 Nov: the baker promises to pay everything on 10 Nov; the double submit records one promise', async () => {
    const page = (await app.inject({ url: path(link) })).body;
    const csrf = hidden(page, 'promise', 'csrf');
    const key = hidden(page, 'promise', 'idempotency_key');
    const form = { csrf, idempotency_key: key, promised_date: '2026-11-10', amount: '' };
    const first = await post(`${path(link)}/promise`, form);
    assert.equal(first.statusCode, 201, first.body);
    assert.match(first.body, /Registramos sua promessa de pagar R\$\s700,00 em 10 de novembro de 2026/);
    const again = await post(`${path(link)}/promise`, form);
    assert.equal(again.statusCode, 200);
    assert.equal(again.body, first.body);
    const promises = await db()
      .selectFrom('promises')
      .select(['promised_date', 'amount_minor', 'channel', 'status'])
      .where('organisation_id', '=', org.id)
      .execute();
    assert.deepEqual(promises, [{ promised_date: '2026-11-10', amount_minor: 70000, channel: 'portal', status: 'pending' }]);
  });

  it('a second tab (a fresh form) cannot promise the same invoices again; a promise beyond the horizon or with a forged CSRF is refused', async () => {
    const page = (await app.inject({ url: path(link) })).body;
    const fresh = { csrf: hidden(page, 'promise', 'csrf'), idempotency_key: hidden(page, 'promise', 'idempotency_key') };
    assert.match(page, /Promessa de pagamento para 10\/11\/2026/);
    const twice = await post(`${path(link)}/promise`, { ...fresh, promised_date: '2026-11-11', amount: '' });
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /Já existe uma promessa para essas faturas/);
    const far = await post(`${path(link)}/promise`, { ...fresh, promised_date: '2026-12-31', amount: '' });
    assert.equal(far.statusCode, 422);
    assert.match(far.body, /dentro do prazo/);
    const forged = await post(`${path(link)}/promise`, { ...fresh, csrf: 'x'.repeat(22), promised_date: '2026-11-10' });
    assert.equal(forged.statusCode, 403);
    assert.equal((await db().selectFrom('promises').select('id').where('organisation_id', '=', org.id).execute()).length, 1);
  });

  it('5 to 9 Nov: the cadence sends the market its next steps but nothing to the baker', async () => {
    const before = (await outboxOf(db(), org.id, padaria)).length;
    let suppressed = 0;
    for (const date of ['2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09'])
      suppressed += (await day(date)).run!.suppressed.promise_to_pay ?? 0;
    assert.equal((await outboxOf(db(), org.id, padaria)).length, before, 'nothing more for the baker');
    assert.ok(suppressed > 0, 'the promise held a step back');
  });

  it('the baker also says why they are late, disputes NF-2 and stops e-mails: each on the record as the debtor on the portal, each a webhook event', async () => {
    const page = (await app.inject({ url: path(link) })).body;
    const nf2 = /<option value="([0-9a-f-]{36})">NF-2<\/option>/.exec(page)![1]!;
    const late = await post(`${path(link)}/late-reason`, {
      csrf: hidden(page, 'late-reason', 'csrf'),
      idempotency_key: hidden(page, 'late-reason', 'idempotency_key'),
      category: 'cash_flow',
      text: 'Movimento fraco em outubro',
    });
    assert.equal(late.statusCode, 201, late.body);
    const dispute = await post(`${path(link)}/dispute`, {
      csrf: hidden(page, 'dispute', 'csrf'),
      idempotency_key: hidden(page, 'dispute', 'idempotency_key'),
      invoice: nf2,
      reason: 'wrong_amount',
      text: 'Cobrado em dobro',
    });
    assert.equal(dispute.statusCode, 201, dispute.body);
    const optOut = await post(`${path(link)}/opt-out`, {
      csrf: hidden(page, 'opt-out', 'csrf'),
      idempotency_key: hidden(page, 'opt-out', 'idempotency_key'),
      contact: hidden(page, 'opt-out', 'contact'),
    });
    assert.equal(optOut.statusCode, 201, optOut.body);

    assert.deepEqual(await portalRecord(), ['promise_made debtor', 'late_reason debtor', 'dispute_opened debtor', 'consent_opted_out debtor']);
    const disputes = await db().selectFrom('disputes').select(['reason', 'status']).where('organisation_id', '=', org.id).execute();
    assert.deepEqual(disputes, [{ reason: 'wrong_amount: Cobrado em dobro', status: 'open' }]);
    const contact = await db()
      .selectFrom('contacts')
      .select('consent')
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', padaria)
      .executeTakeFirstOrThrow();
    assert.equal(contact.consent, 'opted_out');
    const events = await db().selectFrom('webhook_deliveries').select(['event_type', 'payload']).where('organisation_id', '=', org.id).execute();
    assert.deepEqual(events.map((e) => (e.payload as { data: { action: string } }).data.action).sort(), ['dispute', 'late_reason', 'opt_out', 'promise']);
    assert.ok(events.every((e) => e.event_type === 'portal.submitted'));
  });

  it('the business hands a link out by hand (collector, not viewer) and revokes the old ones; a revoked or expired link says so', async () => {
    const collector = (await createApiToken(db(), org.id, 'ana', 'collector')).token;
    const viewer = (await createApiToken(db(), org.id, 'leo', 'viewer')).token;
    const refused = await app.inject({ url: '/api/v1/customers/ext:PADARIA/portal-link', headers: { authorization: `Bearer ${viewer}` } });
    assert.equal(refused.statusCode, 403);
    const handed = await app.inject({ url: '/api/v1/customers/ext:PADARIA/portal-link', headers: { authorization: `Bearer ${collector}` } });
    assert.equal(handed.statusCode, 200, handed.body);
    // The API acts at the real clock: valid for the default 30 days from today.
    const expiresOn = addDays(dateInZone(new Date(), 'America/Sao_Paulo'), 30);
    assert.equal(handed.json().expires_on, expiresOn);
    const revoked = await app.inject({
      method: 'POST',
      url: '/api/v1/customers/ext:PADARIA/portal-link/revocation',
      headers: { authorization: `Bearer ${collector}` },
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    const old = await app.inject({ url: path(link) });
    assert.equal(old.statusCode, 404);
    assert.match(old.body, /substituído por um mais novo/);
    assert.match(old.body, /Padaria Central Ltda/, 'how to reach the business');
    assert.doesNotMatch(old.body, /Pão Quente|NF-1/);
    const fresh = await app.inject({ url: '/api/v1/customers/ext:PADARIA/portal-link', headers: { authorization: `Bearer ${collector}` } });
    assert.equal((await app.inject({ url: path(fresh.json().url) })).statusCode, 200);
    clock = at10(addDays(expiresOn, 1));
    const expired = await app.inject({ url: path(fresh.json().url) });
    assert.equal(expired.statusCode, 404);
    assert.match(expired.body, /expirou/);
  });
});
