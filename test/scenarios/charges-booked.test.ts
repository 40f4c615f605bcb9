import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { importFile } from '../../src/use-cases/import/import-file.ts';
import { paymentsImport } from '../../src/use-cases/import/import-payments.ts';
import { updateOrganisation } from '../../src/use-cases/organisations.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { csv, tempFile } from '../support/files.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, outboxOf } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

// Day 1 is Sunday 15 Nov 2026, when NF-300 (R$ 300.00) falls due; day 3 is Tuesday 17 Nov, 11:00 in São Paulo.
const day3 = new Date('2026-11-17T14:00:00Z');

/** The invoice's state and its booked late charges, as "component amount paid". */
async function ledgerOf(db: Db, org: Organisation, invoiceExternalId: string) {
  const invoice = await db
    .selectFrom('invoices')
    .select(['id', 'status', 'paid_minor'])
    .where('organisation_id', '=', org.id)
    .where('external_id', '=', invoiceExternalId)
    .executeTakeFirstOrThrow();
  const charges = await db
    .selectFrom('invoice_charges')
    .select(['component', 'amount_minor', 'paid_minor', 'as_of'])
    .where('organisation_id', '=', org.id)
    .where('invoice_id', '=', invoice.id)
    .orderBy('component')
    .execute();
  return {
    status: invoice.status,
    paidMinor: Number(invoice.paid_minor),
    charges: charges.map((c) => `${c.component} ${c.amount_minor} paid ${c.paid_minor} on ${c.as_of}`),
  };
}

async function creditOf(db: Db, org: Organisation, customerId: string): Promise<number> {
  const rows = await db
    .selectFrom('payments')
    .select(['amount_minor', 'allocated_minor'])
    .where('organisation_id', '=', org.id)
    .where('customer_id', '=', customerId)
    .execute();
  return rows.reduce((sum, p) => sum + Number(p.amount_minor) - Number(p.allocated_minor), 0);
}

describeEachEngine('what a reminder demands is what a payment settles: late charges are booked and paid first', (database) => {
  let org: Organisation;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let api: ApiClient;
  const customer: Record<string, string> = {};

  before(async () => {
    const db = database().db;
    smtp = await startSmtpServer();
    org = await givenOrganisation(db, 'charges-booked');
    for (const [key, ext] of [
      ['api', 'PADARIA'],
      ['csv', 'MERCADO'],
      ['partial', 'OFICINA'],
      ['bazar', 'BAZAR'],
    ] as const) {
      customer[key] = await givenCustomer(db, org.id, { externalId: ext, contacts: [{ channel: 'email', address: `${ext.toLowerCase()}@example.com` }] });
      await givenInvoice(db, org.id, customer[key], { externalId: `NF-${ext}`, issueDate: '2026-10-16', dueDate: '2026-11-15', amountMinor: 30000 });
    }
    api = await givenApi(db, org.id);
  });
  after(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('Day 3: the reminder asks for R$ 306,20 — 300.00 plus a 2 % fine (6.00) and 1 % a month for 2 days (0.20)', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-11-17', now: day3 });
    await deliverDue(db, org, day3, deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email: smtpTransport(smtp.url, 'cobranca@padaria.example') }));
    const padaria = smtp.messages.find((m) => m.to === 'padaria@example.com');
    assert.ok(padaria, 'the reminder reached the SMTP server');
    const text = padaria.parts.find((p) => p.contentType.startsWith('text/plain'))!.content.toString('utf8');
    assert.match(text, /R\$\s306,20 \(inclui R\$\s6,20 de multa e juros\)/);
  });

  it('Day 3: PADARIA pays exactly R$ 306.20 through the API — invoice and charges settled, no credit left', async () => {
    const db = database().db;
    const response = await api.post('/api/v1/payments', {
      external_id: 'PIX-API-1',
      customer_external_id: 'PADARIA',
      date: '2026-11-17',
      amount: '306.20',
      currency: 'BRL',
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(await ledgerOf(db, org, 'NF-PADARIA'), {
      status: 'paid',
      paidMinor: 30000,
      charges: ['interest 20 paid 20 on 2026-11-17', 'late_fee 600 paid 600 on 2026-11-17'],
    });
    assert.equal(await creditOf(db, org, customer.api!), 0, 'nothing is left as credit to pay other invoices');
  });

  it('Day 3: MERCADO pays R$ 306.20 in a payments.csv import — the same booking', async () => {
    const db = database().db;
    const file = tempFile(
      'payments.csv',
      csv(['external_id,customer_external_id,invoice_external_id,date,amount,currency,method,reference', 'TED-CSV-1,MERCADO,,2026-11-17,306.20,BRL,ted,']),
    );
    const result = await importFile(db, org.id, paymentsImport, file);
    assert.deepEqual([result.errorCount, result.inserted], [0, 1], JSON.stringify(result.errors));
    assert.deepEqual(await ledgerOf(db, org, 'NF-MERCADO'), {
      status: 'paid',
      paidMinor: 30000,
      charges: ['interest 20 paid 20 on 2026-11-17', 'late_fee 600 paid 600 on 2026-11-17'],
    });
    assert.equal(await creditOf(db, org, customer.csv!), 0);
  });

  it('Day 3: OFICINA pays R$ 10.00 — the charges (6.20) first, then 3.80 of principal; the rest stays open', async () => {
    const db = database().db;
    const response = await api.post('/api/v1/payments', {
      external_id: 'PIX-PART-1',
      customer_external_id: 'OFICINA',
      date: '2026-11-17',
      amount: '10.00',
      currency: 'BRL',
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(await ledgerOf(db, org, 'NF-OFICINA'), {
      status: 'open',
      paidMinor: 380,
      charges: ['interest 20 paid 20 on 2026-11-17', 'late_fee 600 paid 600 on 2026-11-17'],
    });
    const aging = await api.get('/api/v1/reports/aging?as_of=2026-11-17');
    const line = (aging.json() as { customers: { external_id: string; total: string }[] }).customers.find((c) => c.external_id === 'OFICINA');
    assert.equal(line?.total, '296.20', 'aging shows what is still owed');
  });

  it('Day 3: BAZAR pays R$ 5.00 — interest first (0.20), then 4.80 of the fine; aging counts the 1.20 of fine still open; a reversal reopens them', async () => {
    const db = database().db;
    const response = await api.post('/api/v1/payments', {
      external_id: 'PIX-BAZAR-1',
      customer_external_id: 'BAZAR',
      date: '2026-11-17',
      amount: '5.00',
      currency: 'BRL',
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(await ledgerOf(db, org, 'NF-BAZAR'), {
      status: 'open',
      paidMinor: 0,
      charges: ['interest 20 paid 20 on 2026-11-17', 'late_fee 600 paid 480 on 2026-11-17'],
    });
    const totalOf = async (asOf: string) => {
      const aging = await api.get(`/api/v1/reports/aging?as_of=${asOf}`);
      return (aging.json() as { customers: { external_id: string; total: string }[] }).customers.find((c) => c.external_id === 'BAZAR')?.total;
    };
    assert.equal(await totalOf('2026-11-17'), '301.20', 'principal 300.00 and the fine still open 1.20');
    assert.equal(await totalOf('2026-11-16'), '300.00', 'nothing was booked yet the day before');

    const payment = (response.json() as { id: string }).id;
    const reversed = await api.post(`/api/v1/payments/${payment}/reverse`, { date: '2026-11-18' });
    assert.equal(reversed.statusCode, 200, reversed.body);
    assert.deepEqual(await ledgerOf(db, org, 'NF-BAZAR'), {
      status: 'open',
      paidMinor: 0,
      charges: ['interest 20 paid 0 on 2026-11-17', 'late_fee 600 paid 0 on 2026-11-17'],
    });
    assert.equal(await totalOf('2026-11-18'), '306.20', 'the bounced payment leaves the booked charges owed');
    assert.equal(await totalOf('2026-11-17'), '301.20', 'and the aging as of the day it counted does not move');
  });

  it('the accounting export lists each charge booked and each payment of it, with the bounced one reversed', async () => {
    const response = await api.get('/api/v1/charges.csv?from=2026-11-01&to=2026-11-30');
    assert.equal(response.statusCode, 200, response.body);
    const lines = response.body.trim().split('\n');
    assert.equal(
      lines[0],
      'date,entry,component,invoice_external_id,invoice_number,customer_external_id,customer_name,customer_tax_id,currency,amount,source,payment_external_id',
    );
    const bazar = lines
      .filter((l) => l.includes('NF-BAZAR'))
      .map((l) => l.split(','))
      .map((c) => `${c[0]} ${c[1]} ${c[2]} ${c[9]} ${c[11]}`);
    assert.deepEqual(bazar, [
      '2026-11-17 charge_booked interest 0.20 PIX-BAZAR-1',
      '2026-11-17 charge_booked late_fee 6.00 PIX-BAZAR-1',
      '2026-11-17 charge_paid interest 0.20 PIX-BAZAR-1',
      '2026-11-17 charge_paid late_fee 4.80 PIX-BAZAR-1',
      '2026-11-18 charge_payment_reversed interest 0.20 PIX-BAZAR-1',
      '2026-11-18 charge_payment_reversed late_fee 4.80 PIX-BAZAR-1',
    ]);
  });

  it('Day 21: the next e-mails of the cadence chase only OFICINA; the settled customers hear nothing more', async () => {
    const db = database().db;
    const before = {
      api: await outboxOf(db, org.id, customer.api),
      csv: await outboxOf(db, org.id, customer.csv),
      partial: await outboxOf(db, org.id, customer.partial),
    };
    for (const date of ['2026-11-25', '2026-12-05']) await runCadence(db, org, { asOf: date, now: new Date(`${date}T14:00:00Z`) });
    assert.deepEqual(await outboxOf(db, org.id, customer.api), before.api);
    assert.deepEqual(await outboxOf(db, org.id, customer.csv), before.csv);
    assert.ok((await outboxOf(db, org.id, customer.partial)).length > before.partial.length, 'the open remainder is still chased');
  });
});

describeEachEngine('an organisation that books charges at demand time: the reminder fixes what is owed', (database) => {
  it('Day 3: the reminder demands and books R$ 6,20; Day 6: paying the R$ 306,20 it asked for still settles everything', async () => {
    const db = database().db;
    const smtp = await startSmtpServer();
    try {
      let org = await givenOrganisation(db, 'charges-on-demand');
      org = await updateOrganisation(db, org, { chargesBooking: 'on-demand' });
      const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA', contacts: [{ channel: 'email', address: 'padaria@example.com' }] });
      await givenInvoice(db, org.id, padaria, { externalId: 'NF-1', issueDate: '2026-10-16', dueDate: '2026-11-15', amountMinor: 30000 });
      await runCadence(db, org, { asOf: '2026-11-17', now: day3 });
      await deliverDue(db, org, day3, deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email: smtpTransport(smtp.url, 'cobranca@padaria.example') }));
      assert.equal(smtp.messages.length, 1);
      assert.deepEqual(
        (await ledgerOf(db, org, 'NF-1')).charges,
        ['interest 20 paid 0 on 2026-11-17', 'late_fee 600 paid 0 on 2026-11-17'],
        'booked when demanded',
      );

      await givenPayment(db, org.id, padaria, { externalId: 'PIX-1', date: '2026-11-20', amountMinor: 30620 });
      assert.deepEqual(await ledgerOf(db, org, 'NF-1'), {
        status: 'paid',
        paidMinor: 30000,
        charges: ['interest 20 paid 20 on 2026-11-17', 'late_fee 600 paid 600 on 2026-11-17'],
      });
      assert.equal(await creditOf(db, org, padaria), 0);
    } finally {
      await smtp.close();
    }
  });
});
