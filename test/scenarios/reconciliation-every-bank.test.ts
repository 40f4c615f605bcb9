import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Organisation } from '../../src/db/schema.ts';
import { cnab240BankRetorno, cnab400BankRetorno, type BankTitle } from '../../src/payments/bank-files/fixtures/build-banks.ts';
import { itauNossoNumeroDac } from '../../src/payments/boleto/free-field/itau.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { composeMessage } from '../../src/use-cases/delivery/compose-message.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { updateOrganisation } from '../../src/use-cases/organisations.ts';
import { importStatement } from '../../src/use-cases/reconciliation/import-statement.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { givenBoletoRequest, givenInvoiceReferences } from '../support/reconciliation.ts';

// 10:00 in São Paulo (UTC-3).
const at10 = (date: string) => new Date(`${date}T13:00:00Z`);

const paid = (spec: { nossoNumero: string; amountMinor: number; date: string; documentNumber?: string }): BankTitle => ({
  occurrence: '06',
  nossoNumero: spec.nossoNumero,
  documentNumber: spec.documentNumber ?? '',
  dueDate: '2026-11-16',
  faceMinor: spec.amountMinor,
  paidMinor: spec.amountMinor,
  feesMinor: 195,
  occurrenceDate: spec.date,
  creditDate: '2026-11-19',
});

describeEachEngine("reconciliation: every bank's return file settles the boletos it pays", (database) => {
  let org: Organisation;
  let app: FastifyInstance | undefined;
  const customer: Record<string, string> = {};
  const invoice: Record<string, string> = {};

  const statusOf = async (name: string) =>
    await database()
      .db.selectFrom('invoices')
      .select(['status', 'paid_minor'])
      .where('organisation_id', '=', org.id)
      .where('id', '=', invoice[name]!)
      .executeTakeFirstOrThrow();
  const linesOf = (statementId: string | null) =>
    database()
      .db.selectFrom('bank_statement_lines')
      .select(['line_no', 'status', 'rule', 'nosso_numero', 'amount_minor', 'kind'])
      .where('organisation_id', '=', org.id)
      .where('statement_id', '=', statementId!)
      .orderBy('line_no')
      .execute();

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'every-bank');
    org = await updateOrganisation(db, org, { boleto: '{"bank":"341","wallet":"109","agency":"1234","account":"12345"}' });
    // The nosso número of each boleto as the ERP that printed it recorded it: the number without its check digit.
    const specs = [
      ['ITAU', 100000, undefined],
      ['BB7', 45000, '12345670000000321'],
      ['BB6', 38000, '12345600321'],
      ['SANTANDER', 27500, '1234567'],
      ['TWICE', 15000, '2233445'],
      ['BANRISUL', 61000, '00123456'],
      ['UNICRED', 19990, '0000004321'],
      ['SANTANDER240', 88800, '000000012348'],
      ['SICOOB', 52000, undefined],
      ['CAIXA', 73300, undefined],
      ['FORWARDED', 43210, '000000055501'],
    ] as const;
    for (const [name, amountMinor, nossoNumero] of specs) {
      customer[name] = await givenCustomer(db, org.id, { externalId: name });
      invoice[name] = await givenInvoice(db, org.id, customer[name]!, {
        externalId: `NF-${name}`,
        issueDate: '2026-10-01',
        dueDate: '2026-11-16',
        amountMinor,
      });
      if (nossoNumero) await givenInvoiceReferences(db, org.id, invoice[name]!, { nossoNumero });
    }
    // Sicoob and Caixa boletos sent with earlier reminders, recorded by their number (Caixa: the 15 digits after the modality).
    await givenBoletoRequest(db, org.id, customer.SICOOB!, {
      bank: '756',
      nossoNumero: '0001234',
      amountMinor: 52000,
      asOf: '2026-11-17',
      invoiceIds: [invoice.SICOOB!],
    });
    await givenBoletoRequest(db, org.id, customer.CAIXA!, {
      bank: '104',
      nossoNumero: '000000000000987',
      amountMinor: 73300,
      asOf: '2026-11-17',
      invoiceIds: [invoice.CAIXA!],
    });
  });
  after(() => app?.close());

  it("Tue 17 Nov: the D+1 reminder to ITAU carries an Itaú boleto; Wed 18 Nov Itaú's CNAB 400 retorno pays it and settles NF-ITAU", async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-11-17', now: at10('2026-11-17') });
    const message = await db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', customer.ITAU!)
      .executeTakeFirstOrThrow();
    await db.transaction().execute((trx) => composeMessage(trx, org, message, at10('2026-11-17'), { optOutUrl: () => 'https://cobranca.example/o' }));
    const request = await db
      .selectFrom('payment_requests')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .where('message_id', '=', message.id)
      .executeTakeFirstOrThrow();
    const number = request.boleto_nosso_numero!;
    assert.match(number, /^[0-9]{8}$/);

    const dac = itauNossoNumeroDac('1234', '12345', '109', number);
    const retorno = cnab400BankRetorno('341', [paid({ nossoNumero: `${number}${dac}`, amountMinor: request.amount_minor, date: '2026-11-18' })], '2026-11-18');
    const result = await importStatement(db, org, { content: retorno, filename: 'CN18116A.RET' }, { now: at10('2026-11-18') });
    assert.equal(result.format, 'cnab400');
    assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 });
    assert.deepEqual(await statusOf('ITAU'), { status: 'paid', paid_minor: 100000 });
    const [line] = await linesOf(result.statementId);
    assert.equal(line!.nosso_numero, number);
    assert.equal(line!.rule, 'nosso_numero');
  });

  it('Banco do Brasil CNAB 400, convênio 7 (type-7 details) and convênio 6 (type-1 details), settle NF-BB7 and NF-BB6 by nosso número', async () => {
    const db = database().db;
    for (const [layout, name, nossoNumero, amountMinor] of [
      ['001', 'BB7', '12345670000000321', 45000],
      ['001-6', 'BB6', '123456003214', 38000],
    ] as const) {
      const retorno = cnab400BankRetorno(layout, [paid({ nossoNumero, amountMinor, date: '2026-11-18' })], '2026-11-18');
      const result = await importStatement(db, org, { content: retorno, filename: `bb-${name}.ret` }, { now: at10('2026-11-18') });
      assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 }, name);
      assert.deepEqual(await statusOf(name), { status: 'paid', paid_minor: amountMinor });
      assert.equal((await linesOf(result.statementId))[0]!.rule, 'nosso_numero');
    }
  });

  it('Santander CNAB 400: NF-SANTANDER settled, and a boleto paid twice on the same day is two payments, not a duplicate', async () => {
    const db = database().db;
    const twice = paid({ nossoNumero: '22334455', amountMinor: 15000, date: '2026-11-18' });
    const retorno = cnab400BankRetorno('033', [paid({ nossoNumero: '12345675', amountMinor: 27500, date: '2026-11-18' }), twice, twice], '2026-11-18');
    const result = await importStatement(db, org, { content: retorno, filename: 'santander.ret' }, { now: at10('2026-11-18') });
    assert.equal(result.counts.duplicate, 0);
    assert.equal(result.counts.matched + result.counts.suggested + result.counts.unmatched, 3);
    assert.deepEqual(await statusOf('SANTANDER'), { status: 'paid', paid_minor: 27500 });
    assert.deepEqual(await statusOf('TWICE'), { status: 'paid', paid_minor: 15000 });
    const lines = await linesOf(result.statementId);
    assert.deepEqual(
      lines.map((l) => [l.line_no, l.nosso_numero, l.amount_minor]),
      [
        [2, '1234567', 27500],
        [3, '2233445', 15000],
        [4, '2233445', 15000],
      ],
    );
    const payments = await db
      .selectFrom('payments')
      .select('amount_minor')
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', customer.TWICE!)
      .execute();
    assert.equal(
      payments.length + lines.filter((l) => l.status !== 'matched').length,
      2,
      'the second payment is money received, kept as a payment or in the review queue',
    );
  });

  it('Banrisul and Unicred CNAB 400 settle NF-BANRISUL and NF-UNICRED', async () => {
    const db = database().db;
    for (const [bank, name, nossoNumero, amountMinor] of [
      ['041', 'BANRISUL', '0012345683', 61000],
      ['136', 'UNICRED', '0000004321', 19990],
    ] as const) {
      const retorno = cnab400BankRetorno(bank, [paid({ nossoNumero, amountMinor, date: '2026-11-18', documentNumber: `D-${name}` })], '2026-11-18');
      const result = await importStatement(db, org, { content: retorno, filename: `${name}.ret` }, { now: at10('2026-11-18') });
      assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 }, name);
      assert.deepEqual(await statusOf(name), { status: 'paid', paid_minor: amountMinor });
      assert.equal((await linesOf(result.statementId))[0]!.rule, 'nosso_numero', name);
    }
  });

  it("Thu 19 Nov: Santander's CNAB 240 (segment T at its own positions, lot 7031, trailer counting details) settles NF-SANTANDER240", async () => {
    const retorno = cnab240BankRetorno('033', [paid({ nossoNumero: '0000000123480', amountMinor: 88800, date: '2026-11-19' })], '2026-11-19');
    const result = await importStatement(database().db, org, { content: retorno, filename: 'santander240.ret' }, { now: at10('2026-11-19') });
    assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 });
    assert.deepEqual(await statusOf('SANTANDER240'), { status: 'paid', paid_minor: 88800 });
  });

  const rejected = (nossoNumero: string, reasons: string): BankTitle => ({
    occurrence: '03',
    nossoNumero,
    dueDate: '2026-12-10',
    faceMinor: 9900,
    paidMinor: 0,
    occurrenceDate: '2026-11-19',
    reasons,
  });
  const sicoob = cnab240BankRetorno(
    '756',
    [
      paid({ nossoNumero: '0000012345', amountMinor: 52000, date: '2026-11-19' }),
      rejected('0000077777', '08'),
      rejected('0000077777', '45'), // the same boleto sent twice in the remessa, refused twice
    ],
    '2026-11-19',
  );

  it("Sicoob's CNAB 240 pays the Sicoob reminder's boleto (its number, without DV, parcela, modalidade and form code) and keeps both rejection notices", async () => {
    const result = await importStatement(database().db, org, { content: sicoob, filename: 'sicoob.ret' }, { now: at10('2026-11-19') });
    assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 2, duplicate: 0 });
    assert.deepEqual(await statusOf('SICOOB'), { status: 'paid', paid_minor: 52000 });
    const lines = await linesOf(result.statementId);
    assert.deepEqual(
      lines.map((l) => [l.nosso_numero, l.status, l.rule]),
      [
        ['000001234', 'matched', 'nosso_numero'],
        ['000007777', 'ignored', null],
        ['000007777', 'ignored', null],
      ],
    );
  });

  it("Caixa's CNAB 240 pays the Caixa reminder's boleto (the number after the modality prefix)", async () => {
    const retorno = cnab240BankRetorno('104', [paid({ nossoNumero: '000000000000987', amountMinor: 73300, date: '2026-11-19' })], '2026-11-19');
    const result = await importStatement(database().db, org, { content: retorno, filename: 'caixa.ret' }, { now: at10('2026-11-19') });
    assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 });
    assert.deepEqual(await statusOf('CAIXA'), { status: 'paid', paid_minor: 73300 });
    assert.equal((await linesOf(result.statementId))[0]!.nosso_numero, '000000000000987');
  });

  it('Fri 20 Nov: the Sicoob file again is a duplicate file, and the bank re-sending the same movements in a new file adds nothing', async () => {
    const db = database().db;
    const payments = async () => (await db.selectFrom('payments').select('id').where('organisation_id', '=', org.id).execute()).length;
    const before = await payments();
    const again = await importStatement(db, org, { content: sicoob, filename: 'sicoob-copy.ret' }, { now: at10('2026-11-20') });
    assert.equal(again.duplicateFile, true);
    const resent = sicoob.replace('19112026', '20112026'); // a new generation date in the file header, same movements
    assert.notEqual(resent, sicoob);
    const result = await importStatement(db, org, { content: resent, filename: 'sicoob-resent.ret' }, { now: at10('2026-11-20') });
    assert.equal(result.duplicateFile, false);
    assert.deepEqual(result.counts, { matched: 0, suggested: 0, unmatched: 0, ignored: 0, duplicate: 3 });
    assert.equal(await payments(), before);
  });

  it("Tue 24 Nov: Sicredi's CNAB 400 (8-digit dates) and CNAB 240 pay the Sicredi reminders' boletos by their nosso número (AABNNNNND, DV included)", async () => {
    const db = database().db;
    for (const [name, nossoNumero, amountMinor] of [
      ['SICREDI400', '262000017', 41000],
      ['SICREDI240', '262000025', 42000],
    ] as const) {
      customer[name] = await givenCustomer(db, org.id, { externalId: name });
      invoice[name] = await givenInvoice(db, org.id, customer[name]!, {
        externalId: `NF-${name}`,
        issueDate: '2026-10-01',
        dueDate: '2026-11-16',
        amountMinor,
      });
      await givenBoletoRequest(db, org.id, customer[name]!, { bank: '748', nossoNumero, amountMinor, asOf: '2026-11-20', invoiceIds: [invoice[name]!] });
    }
    const files = [
      ['sicredi.ret', cnab400BankRetorno('748', [paid({ nossoNumero: '262000017', amountMinor: 41000, date: '2026-11-24' })], '2026-11-24')],
      ['sicredi240.ret', cnab240BankRetorno('748', [paid({ nossoNumero: '262000025', amountMinor: 42000, date: '2026-11-24' })], '2026-11-24')],
    ] as const;
    for (const [filename, content] of files) {
      const result = await importStatement(db, org, { content, filename }, { now: at10('2026-11-24') });
      assert.deepEqual(result.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 }, filename);
      assert.equal((await linesOf(result.statementId))[0]!.rule, 'nosso_numero', filename);
    }
    assert.deepEqual(await statusOf('SICREDI400'), { status: 'paid', paid_minor: 41000 });
    assert.deepEqual(await statusOf('SICREDI240'), { status: 'paid', paid_minor: 42000 });
  });

  it("Tue 24 Nov: an Itaú and a Sicoob boleto whose nossos números are equal once zeros are dropped: each bank's return file pays its own bank's boleto", async () => {
    const db = database().db;
    for (const name of ['SHARE-ITAU', 'SHARE-SICOOB']) {
      customer[name] = await givenCustomer(db, org.id, { externalId: name });
      invoice[name] = await givenInvoice(db, org.id, customer[name]!, {
        externalId: `NF-${name}`,
        issueDate: '2026-10-01',
        dueDate: '2026-11-16',
        amountMinor: 31000,
      });
    }
    await givenBoletoRequest(db, org.id, customer['SHARE-ITAU']!, {
      bank: '341',
      nossoNumero: '00004444',
      amountMinor: 31000,
      asOf: '2026-11-20',
      invoiceIds: [invoice['SHARE-ITAU']!],
    });
    await givenBoletoRequest(db, org.id, customer['SHARE-SICOOB']!, {
      bank: '756',
      nossoNumero: '0004444',
      amountMinor: 31000,
      asOf: '2026-11-20',
      invoiceIds: [invoice['SHARE-SICOOB']!],
    });

    const sicoobFile = cnab240BankRetorno('756', [paid({ nossoNumero: '0000044445', amountMinor: 31000, date: '2026-11-24' })], '2026-11-24');
    const fromSicoob = await importStatement(db, org, { content: sicoobFile, filename: 'sicoob-2411.ret' }, { now: at10('2026-11-24') });
    assert.deepEqual(fromSicoob.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 });
    assert.deepEqual(await statusOf('SHARE-SICOOB'), { status: 'paid', paid_minor: 31000 });
    assert.deepEqual(await statusOf('SHARE-ITAU'), { status: 'open', paid_minor: 0 });

    const dac = itauNossoNumeroDac('1234', '12345', '109', '00004444');
    const itauFile = cnab400BankRetorno('341', [paid({ nossoNumero: `00004444${dac}`, amountMinor: 31000, date: '2026-11-24' })], '2026-11-24');
    const fromItau = await importStatement(db, org, { content: itauFile, filename: 'itau-2411.ret' }, { now: at10('2026-11-24') });
    assert.deepEqual(fromItau.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 });
    assert.deepEqual(await statusOf('SHARE-ITAU'), { status: 'paid', paid_minor: 31000 });
  });

  it('Mon 23 Nov, through the API: a Santander 240 forwarded by e-mail (trailing blanks stripped) pays NF-FORWARDED with a warning; a pre-critique file is named for what it is', async () => {
    const db = database().db;
    app = await buildServer({ db });
    const { token } = await createApiToken(db, org.id, 'bank-files');
    const upload = (body: string, filename: string) =>
      app!.inject({
        method: 'POST',
        url: `/api/v1/reconciliation/statements?filename=${filename}`,
        payload: body,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      });
    const file = cnab240BankRetorno('033', [paid({ nossoNumero: '0000000555012', amountMinor: 43210, date: '2026-11-23' })], '2026-11-23');
    const forwarded = file
      .split('\r\n')
      .map((line) => line.trimEnd())
      .join('\n');
    const response = await upload(forwarded, 'RET2311.txt');
    assert.equal(response.statusCode, 201, response.body);
    const body = response.json() as { format: string; counts: Record<string, number>; warnings: { line: number; field: string; message: string }[] };
    assert.equal(body.format, 'cnab240');
    assert.deepEqual(body.counts, { matched: 1, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 });
    assert.deepEqual(body.warnings, [
      { line: 1, field: 'length', message: '6 lines (first: line 1) were shorter than 240 characters (trailing blanks stripped?) and read padded with blanks' },
    ]);
    assert.deepEqual(await statusOf('FORWARDED'), { status: 'paid', paid_minor: 43210 });

    // The bank sends a remessa back with its refusal codes in 231-240: no payment, and a message saying so.
    const lines = file.split('\r\n');
    const refused = [`${lines[0]!.slice(0, 142)}1${lines[0]!.slice(143)}`, lines[1], `${lines[2]!.slice(0, 230)}A1        `, ...lines.slice(3)].join('\r\n');
    const rejected = await upload(refused, 'REM2311.txt');
    assert.equal(rejected.statusCode, 400, rejected.body);
    const error = (rejected.json() as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'statement_unparseable');
    assert.match(error.message, /pre-critique \(pré-crítica\) rejection of a remessa, not a retorno/);
  });
});
