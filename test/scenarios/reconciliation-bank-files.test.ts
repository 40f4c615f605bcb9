import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { cnab240Retorno } from '../../src/payments/bank-files/fixtures/build.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { allocateLine } from '../../src/use-cases/reconciliation/allocate-line.ts';
import { importStatement } from '../../src/use-cases/reconciliation/import-statement.ts';
import { listQueue } from '../../src/use-cases/reconciliation/review-queue.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, outboxOf } from '../support/portfolio.ts';
import { givenInvoiceReferences, ofxStatement, settledTitle } from '../support/reconciliation.ts';
import { orgContext } from '../support/org-context.ts';

// 10:00 in São Paulo (UTC-3).
const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

describeEachEngine('reconciliation: a day of bank files', (database) => {
  let org: Organisation;
  const customer: Record<string, string> = {};
  const invoice: Record<string, string> = {};

  const statusOf = async (name: string) =>
    await database()
      .db.selectFrom('invoices')
      .select(['status', 'paid_minor'])
      .where('organisation_id', '=', org.id)
      .where('id', '=', invoice[name]!)
      .executeTakeFirstOrThrow();
  const bankPayments = () =>
    database()
      .db.selectFrom('payments')
      .select(['customer_id', 'amount_minor', 'method', 'target_invoice_id', 'received_on'])
      .where('organisation_id', '=', org.id)
      .orderBy('amount_minor')
      .execute();

  // Everything falls due on Mon 2 Mar 2026; on Tue 3 Mar the cadence sends its D+1 e-mail.
  const firstRetorno = cnab240Retorno([
    settledTitle({ nossoNumero: '00000000000000101', amountMinor: 125000, date: '2026-03-02' }),
    settledTitle({ nossoNumero: '00000000000000102', amountMinor: 48000, date: '2026-03-02' }),
    settledTitle({ nossoNumero: '104', amountMinor: 7000, date: '2026-03-02', movement: '02' }), // entry confirmed, no money
    settledTitle({ nossoNumero: '999', amountMinor: 33300, date: '2026-03-02' }), // a boleto we do not know, NF-3's amount
  ]);

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'recon');
    for (const [key, ext] of [
      ['padaria', 'PADARIA'],
      ['maria', 'MARIA'],
      ['oficina', 'OFICINA'],
      ['joao', 'JOAO'],
      ['ana', 'ANA'],
    ] as const) {
      customer[key] = await givenCustomer(db, org.id, { externalId: ext });
    }
    const specs = [
      ['NF-1', 'padaria', 125000, '101'],
      ['NF-2', 'maria', 48000, '102'],
      ['NF-3', 'oficina', 33300, '103'],
      ['NF-4', 'joao', 7000, '104'],
      ['NF-5', 'ana', 21990, undefined],
    ] as const;
    for (const [ext, who, amountMinor, nossoNumero] of specs) {
      invoice[ext] = await givenInvoice(db, org.id, customer[who]!, { externalId: ext, issueDate: '2026-02-01', dueDate: '2026-03-02', amountMinor });
      if (nossoNumero) await givenInvoiceReferences(db, org.id, invoice[ext]!, { nossoNumero });
    }
  });

  it('Mon 2 Mar, a dry run of the retorno says what would happen and writes nothing', async () => {
    const result = await importStatement(
      database().db,
      org,
      { content: firstRetorno, filename: 'retorno-0302.ret' },
      { now: at10('2026-03-02'), dryRun: true },
    );
    assert.deepEqual(result.counts, { matched: 2, suggested: 0, unmatched: 1, ignored: 1, duplicate: 0 });
    assert.equal((await bankPayments()).length, 0);
    assert.equal((await statusOf('NF-1')).status, 'open');
  });

  it('the CNAB 240 retorno settles NF-1 and NF-2 by nosso número, as boleto payments of their customers', async () => {
    const result = await importStatement(database().db, org, { content: firstRetorno, filename: 'retorno-0302.ret' }, { now: at10('2026-03-02') });
    assert.equal(result.format, 'cnab240');
    assert.equal(result.duplicateFile, false);
    assert.deepEqual(result.counts, { matched: 2, suggested: 0, unmatched: 1, ignored: 1, duplicate: 0 });
    assert.equal(result.matchedMinor, 125000 + 48000);
    assert.deepEqual(await statusOf('NF-1'), { status: 'paid', paid_minor: 125000 });
    assert.deepEqual(await statusOf('NF-2'), { status: 'paid', paid_minor: 48000 });
    assert.deepEqual(await statusOf('NF-3'), { status: 'open', paid_minor: 0 });
    assert.deepEqual(await bankPayments(), [
      { customer_id: customer.maria, amount_minor: 48000, method: 'boleto', target_invoice_id: invoice['NF-2'], received_on: '2026-03-02' },
      { customer_id: customer.padaria, amount_minor: 125000, method: 'boleto', target_invoice_id: invoice['NF-1'], received_on: '2026-03-02' },
    ]);
    const lines = await database()
      .db.selectFrom('bank_statement_lines')
      .select(['status', 'rule', 'confidence'])
      .where('organisation_id', '=', org.id)
      .orderBy('line_no')
      .execute();
    assert.deepEqual(lines, [
      { status: 'matched', rule: 'nosso_numero', confidence: 1 },
      { status: 'matched', rule: 'nosso_numero', confidence: 1 },
      { status: 'ignored', rule: null, confidence: 0 },
      { status: 'unmatched', rule: null, confidence: 0 },
    ]);
  });

  it('Tue 3 Mar: the cadence chases only what is still open (NF-3, NF-4, NF-5), not the paid invoices', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-03-03', now: at10('2026-03-03') });
    assert.deepEqual(await outboxOf(db, org.id, customer.padaria), []);
    assert.deepEqual(await outboxOf(db, org.id, customer.maria), []);
    assert.deepEqual(await outboxOf(db, org.id, customer.oficina), ['2026-03-03 d+1-email email oficina@example.com']);
    assert.equal((await outboxOf(db, org.id)).length, 3);
  });

  it('the same file again is a no-op reported as a duplicate file', async () => {
    const result = await importStatement(database().db, org, { content: firstRetorno, filename: 'retorno-0302-copy.ret' }, { now: at10('2026-03-03') });
    assert.equal(result.duplicateFile, true);
    assert.deepEqual(result.counts, { matched: 0, suggested: 0, unmatched: 0, ignored: 0, duplicate: 4 });
    assert.equal((await bankPayments()).length, 2);
  });

  it('an overlapping later file pays only its new line (NF-4 settled on 3 Mar); the lines seen before count nothing twice', async () => {
    const overlapping = cnab240Retorno([
      settledTitle({ nossoNumero: '00000000000000102', amountMinor: 48000, date: '2026-03-02' }),
      settledTitle({ nossoNumero: '104', amountMinor: 7000, date: '2026-03-02', movement: '02' }),
      settledTitle({ nossoNumero: '104', amountMinor: 7000, date: '2026-03-03' }),
    ]);
    const result = await importStatement(database().db, org, { content: overlapping }, { now: at10('2026-03-03') });
    assert.equal(result.duplicateFile, false);
    assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 2 });
    assert.deepEqual(await statusOf('NF-2'), { status: 'paid', paid_minor: 48000 });
    assert.deepEqual(await statusOf('NF-4'), { status: 'paid', paid_minor: 7000 });
    const payments = await bankPayments();
    assert.deepEqual(
      payments.map((p) => p.amount_minor),
      [7000, 48000, 125000],
    );
  });

  it('the unknown boleto waits in the review queue, suggesting NF-3 (same amount)', async () => {
    const page = await listQueue(database().db, orgContext(org), {}, { limit: 50, after: null });
    assert.equal(page.items.length, 1);
    const [line] = page.items;
    assert.equal(line!.nosso_numero, '999');
    assert.equal(line!.status, 'unmatched');
    assert.match(line!.note ?? '', /999 is not among the open invoices/);
    assert.deepEqual(
      line!.suggested_invoices.map((s) => [s.invoice_external_id, s.rule]),
      [['NF-3', 'amount_only']],
    );
  });

  it('the collector allocates it to NF-3 by hand: a payment of the Oficina, NF-3 paid, the queue empty', async () => {
    const db = database().db;
    const [line] = (await listQueue(db, orgContext(org), {}, { limit: 50, after: null })).items;
    const { payment } = await db
      .transaction()
      .execute((trx) => allocateLine(trx, orgContext(org, { actor: 'user:clara', now: at10('2026-03-04') }), line!.id, { invoice_ids: [invoice['NF-3']!] }));
    assert.equal(payment.customer_id, customer.oficina);
    assert.deepEqual(
      payment.allocations.map((a) => [a.invoice_external_id, a.amount_minor]),
      [['NF-3', 33300]],
    );
    assert.deepEqual(await statusOf('NF-3'), { status: 'paid', paid_minor: 33300 });
    assert.equal((await listQueue(db, orgContext(org), {}, { limit: 50, after: null })).items.length, 0);
    await assert.rejects(
      db
        .transaction()
        .execute((trx) => allocateLine(trx, orgContext(org, { actor: 'user:clara', now: at10('2026-03-04') }), line!.id, { customer_id: customer.oficina! })),
      { code: 'line_not_in_queue' },
    );
  });

  it('an OFX credit naming the invoice in its memo pays NF-5 (rule invoice_number_in_memo)', async () => {
    const ofx = ofxStatement([
      { fitid: 'F-1', date: '2026-03-04', amountMinor: 21990, name: 'TED RECEBIDA', memo: 'PAGAMENTO REF NF-5 OBRIGADO' },
      { fitid: 'F-2', date: '2026-03-04', amountMinor: -1290, name: 'TARIFA' },
    ]);
    const result = await importStatement(database().db, org, { content: ofx, filename: 'extrato.ofx' }, { now: at10('2026-03-04') });
    assert.equal(result.format, 'ofx');
    assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 1, duplicate: 0 });
    assert.deepEqual(await statusOf('NF-5'), { status: 'paid', paid_minor: 21990 });
    const line = await database()
      .db.selectFrom('bank_statement_lines')
      .select(['rule', 'confidence'])
      .where('organisation_id', '=', org.id)
      .where('reference', '=', 'F-1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(line, { rule: 'invoice_number_in_memo', confidence: 0.9 });
  });

  it('every bank payment is in the contact record of its customer', async () => {
    const entries = await database()
      .db.selectFrom('interactions')
      .select(['customer_id', 'kind'])
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'payment_received')
      .execute();
    assert.deepEqual(entries.map((e) => e.customer_id).sort(), [customer.padaria, customer.maria, customer.joao, customer.oficina, customer.ana].sort());
  });
});
