import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { savePolicy } from '../../src/use-cases/cadence/policies.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { buildSmallClaimsPacket } from '../../src/use-cases/escalation/small-claims-packet.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { at10 } from '../support/escalation.ts';
import { pdfText } from '../support/pdf-text.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

// Courtesy reminders a week and three days before the due date.
const preDuePolicy = {
  name: 'pre-due',
  version: 1,
  steps: [
    { id: 'd-7-email', offsetDays: -7, channel: 'email', template: 'courtesy_reminder', tone: 'friendly' },
    { id: 'd-3-email', offsetDays: -3, channel: 'email', template: 'courtesy_reminder', tone: 'friendly' },
  ],
};

describeEachEngine('pre-due reminders show the early-payment discount while it holds', (database) => {
  let org: Organisation;
  let api: ApiClient;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  before(async () => {
    const db = database().db;
    smtp = await startSmtpServer();
    org = await givenOrganisation(db, 'discount-display');
    await savePolicy(db, org.id, preDuePolicy, { isDefault: true });
    const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA', contacts: [{ channel: 'email', address: 'padaria@example.com' }] });
    const mercado = await givenCustomer(db, org.id, {
      externalId: 'MERCADO',
      segment: 'atacado',
      contacts: [{ channel: 'email', address: 'mercado@example.com' }],
    });
    api = await givenApi(db, org.id);
    // PADARIA is held to the default terms: 2 % off when paid 5 days before the due date. MERCADO's segment has no discount.
    const withDiscount = await api.post('/api/v1/payment-terms', {
      rules: { netDays: 30, graceDays: 0, earlyPaymentDiscount: { bps: 200, daysBeforeDue: 5 } },
    });
    assert.equal(withDiscount.statusCode, 201, withDiscount.body);
    const without = await api.post('/api/v1/payment-terms', { scope: 'segment', segment: 'atacado', rules: { netDays: 30, graceDays: 0 } });
    assert.equal(without.statusCode, 201, without.body);
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-100', issueDate: '2026-11-14', dueDate: '2026-12-14', amountMinor: 100_000 });
    await givenInvoice(db, org.id, mercado, { externalId: 'NF-200', issueDate: '2026-11-14', dueDate: '2026-12-14', amountMinor: 100_000 });
  });
  after(async () => {
    await api?.close();
    await smtp?.close();
  });

  async function remindersOn(date: string): Promise<Record<string, string>> {
    const db = database().db;
    const now = new Date(`${date}T13:00:00Z`);
    const before = smtp.messages.length;
    await runCadence(db, org, { asOf: date, now });
    await deliverDue(db, org, now, deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email: smtpTransport(smtp.url, 'cobranca@padaria.example') }));
    const texts: Record<string, string> = {};
    for (const m of smtp.messages.slice(before)) texts[m.to ?? ''] = m.parts.find((p) => p.contentType.startsWith('text/plain'))!.content.toString('utf8');
    return texts;
  }

  it('Day 1 (Monday 7 Dec, D-7): PADARIA is told that paying by 9 Dec takes R$ 20,00 off, R$ 980,00 in all; MERCADO, without a discount in its terms, is told nothing of one', async () => {
    const texts = await remindersOn('2026-12-07');
    assert.ok(texts['padaria@example.com'], 'PADARIA was reminded');
    assert.match(
      texts['padaria@example.com']!,
      /Desconto por pagamento antecipado: pagando até 09\/12\/2026, o total fica R\$\s980,00 \(R\$\s20,00 de desconto\)\./,
    );
    assert.match(texts['padaria@example.com']!, /Total em aberto em 07\/12\/2026: R\$\s1\.000,00/);
    assert.ok(texts['mercado@example.com'], 'MERCADO was reminded');
    assert.doesNotMatch(texts['mercado@example.com']!, /[Dd]esconto/);
  });

  it("Day 5 (Friday 11 Dec, D-3): the discount window closed on 9 Dec, so PADARIA's reminder no longer offers it", async () => {
    const texts = await remindersOn('2026-12-11');
    assert.ok(texts['padaria@example.com'], 'PADARIA was reminded');
    assert.doesNotMatch(texts['padaria@example.com']!, /[Dd]esconto/);
    assert.match(texts['padaria@example.com']!, /R\$\s1\.000,00/);
  });
});

describeEachEngine('the small-claims packet cites the acknowledgement of the payment terms', (database) => {
  it("Day 1: PADARIA acknowledges the terms by signed contract through the API; Day 90: its packet cites version, date and channel; ATACADO's says none was recorded", async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'discount-packet');
    const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA' });
    const atacado = await givenCustomer(db, org.id, { externalId: 'ATACADO' });
    const api = await givenApi(db, org.id);
    try {
      assert.equal((await api.post('/api/v1/payment-terms', { rules: { netDays: 30, graceDays: 0 } })).statusCode, 201);
      const ack = await api.post('/api/v1/customers/ext:PADARIA/payment-terms/acknowledgements', {
        channel: 'signed_contract',
        acknowledged_at: '2026-06-02T15:00:00Z',
        evidence_reference: 'CONTRATO-2026-042',
      });
      assert.equal(ack.statusCode, 201, ack.body);
    } finally {
      await api.close();
    }
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-P1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountMinor: 50_000 });
    await givenInvoice(db, org.id, atacado, { externalId: 'NF-A1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountMinor: 50_000 });

    const clerk = { actor: 'ana@padaria', now: at10('2026-09-01') };
    const cited = pdfText((await db.transaction().execute((trx) => buildSmallClaimsPacket(trx, org.id, { id: padaria }, clerk))).pdf).join('\n');
    assert.match(cited, /Aceite da política de cobrança/);
    assert.match(cited, /default v1, aceita em 2026-06-02T15:00:00\.000Z por signed_contract/);
    assert.match(cited, /CONTRATO-2026-042/);
    assert.doesNotMatch(cited, /Nenhum aceite registrado/);

    const none = pdfText((await db.transaction().execute((trx) => buildSmallClaimsPacket(trx, org.id, { id: atacado }, clerk))).pdf).join('\n');
    assert.match(none, /Nenhum aceite registrado\./);
  });
});
