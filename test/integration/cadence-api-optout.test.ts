import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { pageLanguage } from '../../src/http/routes/public.ts';
import { buildServer } from '../../src/http/server.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

const at10 = (date: string) => new Date(`${date}T13:00:00Z`);
const publicUrl = 'https://regua.test';

describeEachEngine('public opt-out link', (database) => {
  let app: FastifyInstance;
  let org: Organisation;
  let customer: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const tokens = new Map<string, string>();

  before(async () => {
    const db = database().db;
    const created = await givenOrganisation(db, 'optout');
    org = await db.selectFrom('organisations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    app = await buildServer({ db });
    smtp = await startSmtpServer();
    customer = await givenCustomer(db, org.id, {
      externalId: 'ELISA',
      contacts: [
        { channel: 'email', address: 'elisa@example.com' },
        { channel: 'email', address: 'financeiro@elisa.example' },
      ],
    });
    // Due Thu 12 Nov: the courtesy e-mail on Mon 9 Nov (D-3), the friendly one on Fri 13 Nov (D+1).
    await givenInvoice(db, org.id, customer, { externalId: 'NF-E1', issueDate: '2026-10-12', dueDate: '2026-11-12', amountMinor: 30_000 });
  });
  after(async () => {
    await app?.close();
    await smtp?.close();
  });

  const deliver = (now: Date) => deliverDue(database().db, org, now, deliveryDeps({ publicUrl }, { email: smtpTransport(smtp.url, 'cobranca@test') }));
  const consentOf = async (address: string) =>
    (
      await database()
        .db.selectFrom('contacts')
        .select('consent')
        .where('organisation_id', '=', org.id)
        .where('address', '=', address)
        .executeTakeFirstOrThrow()
    ).consent;
  const emailsOf = async (step: string) =>
    (
      await database()
        .db.selectFrom('outbox_messages')
        .select('recipient')
        .where('organisation_id', '=', org.id)
        .where('step_id', '=', step)
        .orderBy('recipient')
        .execute()
    ).map((r) => r.recipient);

  test('every e-mail carries its own opt-out link', async () => {
    await runCadence(database().db, org, { asOf: '2026-11-09', now: at10('2026-11-09') });
    assert.equal((await deliver(at10('2026-11-09'))).sent, 2);
    for (const mail of smtp.messages) {
      const text = mail.parts.find((p) => p.contentType === 'text/plain')!.content.toString('utf8');
      const match = new RegExp(`${publicUrl}/optout/([0-9a-f]{64}\\.[A-Za-z0-9_-]{43})`).exec(text);
      assert.ok(match, `opt-out link in the mail to ${mail.envelope.to.join()}`);
      tokens.set(mail.envelope.to[0]!, match[1]!);
      // RFC 8058: the link as List-Unsubscribe, and the promise that a POST to it opts out.
      assert.equal(mail.headers['list-unsubscribe'], `<${publicUrl}/optout/${match[1]}>`);
      assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
    }
    assert.equal(new Set(tokens.values()).size, 2, 'one link per contact');
  });

  test('opening the link only asks, in the contact’s language; the button’s POST opts out; the next run skips that contact', async () => {
    const token = tokens.get('elisa@example.com')!;
    // A mail scanner or a curious reader opens the link: a page with a button, nothing changes.
    const opened = await app.inject({ url: `/optout/${token}`, headers: { 'accept-language': 'en;q=0.5, es-MX, pt;q=0.8' } });
    assert.equal(opened.statusCode, 200, opened.body);
    assert.match(opened.headers['content-type'] as string, /^text\/html/);
    assert.match(opened.body, /<html lang="pt-BR">/, 'the contact’s language (the customer is Brazilian), not the browser’s');
    assert.match(opened.body, /Deixar de receber mensagens de cobrança\?/);
    assert.match(opened.body, /<form method="post">/);
    assert.match(opened.body, /Confirmar descadastro/);
    assert.equal(await consentOf('elisa@example.com'), 'granted', 'a GET changes nothing');
    await app.inject({ url: `/optout/${token}` });
    assert.equal(await consentOf('elisa@example.com'), 'granted');

    const confirmed = await app.inject({
      method: 'POST',
      url: `/optout/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'confirm=yes',
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.match(confirmed.body, /<html lang="pt-BR">/);
    assert.match(confirmed.body, /Descadastro confirmado/);
    assert.equal(await consentOf('elisa@example.com'), 'opted_out');
    assert.equal(await consentOf('financeiro@elisa.example'), 'granted');
    const again = await app.inject({ url: `/optout/${token}` });
    assert.match(again.body, /Descadastro confirmado/, 'opening the link again says it is done');

    await runCadence(database().db, org, { asOf: '2026-11-13', now: at10('2026-11-13') });
    assert.deepEqual(await emailsOf('d+1-email'), ['financeiro@elisa.example']);
    assert.deepEqual(await emailsOf('d-3-email'), ['elisa@example.com', 'financeiro@elisa.example'], 'what was already sent stays on record');

    const log = await database()
      .db.selectFrom('interactions')
      .select(['kind', 'customer_id'])
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'consent_opted_out')
      .execute();
    assert.deepEqual(log, [{ kind: 'consent_opted_out', customer_id: customer }]);
  });

  test('one-click (RFC 8058) POST answers 200 and opts out; a forged or unknown token gets a 404 page', async () => {
    const token = tokens.get('financeiro@elisa.example')!;
    const clicked = await app.inject({
      method: 'POST',
      url: `/optout/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(clicked.statusCode, 200, clicked.body);
    assert.equal(await consentOf('financeiro@elisa.example'), 'opted_out');

    // Same contact, last signature character changed: not accepted.
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const bad = await app.inject({ url: `/optout/${forged}`, headers: { 'accept-language': 'pt-BR' } });
    assert.equal(bad.statusCode, 404);
    assert.match(bad.body, /<html lang="pt-BR">/);
    assert.match(bad.body, /Link inválido/);
    assert.equal((await app.inject({ url: '/optout/nonsense' })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: `/optout/${forged}` })).statusCode, 404);
  });

  test('the page language follows Accept-Language preferences, English otherwise', () => {
    assert.equal(pageLanguage('pt-BR,pt;q=0.9,en;q=0.8'), 'pt-BR');
    assert.equal(pageLanguage('de-DE, es;q=0.7, en;q=0.9'), 'en');
    assert.equal(pageLanguage('fr, es;q=0.1'), 'es');
    assert.equal(pageLanguage('pt;q=0, es;q=0.2'), 'es');
    assert.equal(pageLanguage(undefined), 'en');
  });
});
