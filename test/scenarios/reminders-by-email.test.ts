import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { parsePix } from '../../src/payments/pix/br-code.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

describeEachEngine('reminders reach a real SMTP server in the debtor language', (database) => {
  let org: Organisation;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  // Tuesday 17 Nov 2026, 14:00 UTC: 11:00 in São Paulo, 08:00 in Mexico City, 09:00 in New York.
  const now = new Date('2026-11-17T14:00:00Z');

  before(async () => {
    const db = database().db;
    smtp = await startSmtpServer();
    org = await givenOrganisation(db, 'mail');
    await db
      .updateTable('organisations')
      .set({ settings: sql`settings || '{"pix_key": "123e4567-e12b-12d1-a456-426655440000"}'::jsonb` })
      .where('id', '=', org.id)
      .execute();
    org = await db.selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
    const br = await givenCustomer(db, org.id, { externalId: 'BR1', name: 'Mercearia Boa Vista', contacts: [{ channel: 'email', address: 'br@example.com' }] });
    await givenInvoice(db, org.id, br, { externalId: 'NF-2026-001', dueDate: '2026-11-16', amountMinor: 123456 });
    const mx = await givenCustomer(db, org.id, {
      externalId: 'MX1',
      country: 'MX',
      timezone: 'America/Mexico_City',
      contacts: [{ channel: 'email', address: 'mx@example.com' }],
    });
    await givenInvoice(db, org.id, mx, { externalId: 'FAC-77', dueDate: '2026-11-16', amountMinor: 50000, currency: 'MXN' });
    const us = await givenCustomer(db, org.id, { externalId: 'US1', country: 'US', contacts: [{ channel: 'email', address: 'us@example.com' }] });
    await givenInvoice(db, org.id, us, { externalId: 'INV-9', dueDate: '2026-11-16', amountMinor: 9999, currency: 'USD' });
  });
  after(() => smtp.close());

  it('sends each a friendly reminder in its language, with creditor identification, opt-out and payment data', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-11-17', now });
    const summary = await deliverDue(
      db,
      org,
      now,
      deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email: smtpTransport(smtp.url, 'cobranca@padaria.example') }),
    );
    assert.deepEqual(summary, { sent: 3, retried: 0, failed: 0, deferred: 0, held: 0, cancelled: 0 });

    const byRecipient = new Map(smtp.messages.map((m) => [m.to, m]));
    const text = (to: string) =>
      byRecipient
        .get(to)!
        .parts.find((p) => p.contentType.startsWith('text/plain'))!
        .content.toString('utf8');
    assert.equal(byRecipient.get('br@example.com')!.subject, 'Padaria Central: identificamos um pagamento pendente');
    assert.equal(byRecipient.get('mx@example.com')!.subject, 'Padaria Central: tenemos un pago pendiente');
    assert.match(byRecipient.get('us@example.com')!.subject ?? '', /^Padaria Central: /);
    assert.ok(
      byRecipient.get('us@example.com')!.parts.some((p) => p.contentType.startsWith('text/html')),
      'HTML part',
    );

    const br = text('br@example.com');
    assert.match(br, /NF-2026-001/);
    assert.match(br, /R\$\s1\.234,56/);
    assert.match(br, /11\.222\.333\/0001-81/, 'creditor CNPJ (CDC art. 42-A)');
    assert.match(br, /Rua das Flores, 100/, 'creditor address');
    assert.match(br, /https:\/\/cobranca\.example\/optout\/[0-9a-f]{64}\.[A-Za-z0-9_-]{43}/, 'opt-out link');
    const pixCode = /000201.+6304[0-9A-F]{4}/.exec(br)?.[0];
    assert.ok(pixCode, 'Pix copia-e-cola in the reminder');
    const pix = parsePix(pixCode);
    // Due on 17 Nov: 1234.56 + 2 % fine (24.69) + 1 % a month for 1 day (0.41) = 1259.66.
    assert.match(br, /R\$\s1\.259,66 \(inclui R\$\s25,10 de multa e juros\)/);
    assert.ok(pix.ok && pix.value.amountMinor === 125966, 'the Pix code carries the amount due with charges');
    assert.match(text('mx@example.com'), /FAC-77/);
    assert.ok(!/000201/.test(text('mx@example.com')), 'no Pix for a peso invoice');

    const sent = await db.selectFrom('interactions').select(['kind']).where('organisation_id', '=', org.id).where('kind', '=', 'message_sent').execute();
    assert.equal(sent.length, 3, 'each delivery is on the contact record');
  });
});
