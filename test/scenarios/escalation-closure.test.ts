import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { agingReport } from '../../src/use-cases/aging-report.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { appendInteraction, verifyContactRecord } from '../../src/use-cases/contact-record.ts';
import { handOffToAgency, listAgencyHandoffs, recallFromAgency } from '../../src/use-cases/escalation/agency-handoff.ts';
import { endSuspension, startSuspension } from '../../src/use-cases/escalation/service-suspension.ts';
import { setEscalationSettings } from '../../src/use-cases/escalation/settings.ts';
import { buildSmallClaimsPacket } from '../../src/use-cases/escalation/small-claims-packet.ts';
import { exportWriteOffsCsv } from '../../src/use-cases/escalation/write-off-export.ts';
import { writeOffInvoice } from '../../src/use-cases/escalation/write-off-invoice.ts';
import { recoverWrittenOffPayments } from '../../src/use-cases/escalation/write-off-recoveries.ts';
import type { UserError } from '../../src/use-cases/errors.ts';
import { deliverWebhooks } from '../../src/use-cases/webhooks/deliver-webhooks.ts';
import { createWebhookEndpoint } from '../../src/use-cases/webhooks/endpoints.ts';
import { verifyWebhook } from '../../src/use-cases/webhooks/signature.ts';
import { describeEachEngine } from '../support/engines.ts';
import { at10 } from '../support/escalation.ts';
import { startReceiver } from '../support/http-receiver.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, outboxOf } from '../support/portfolio.ts';
import { orgContext } from '../support/org-context.ts';

const clerk = (date: string) => ({ actor: 'ana@padaria', now: at10(date) });

describeEachEngine('agency hand-off: packet, the cadence stops, recoveries and commission', (database) => {
  let org: Organisation;
  let oficina: string;
  let handoffId: string;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'agency');
    oficina = await givenCustomer(db, org.id, { externalId: 'OFICINA', name: 'Oficina do Zé' });
    await givenInvoice(db, org.id, oficina, { externalId: 'NF-A0', issueDate: '2026-07-01', dueDate: '2026-08-01', amountMinor: 7000 });
    await givenInvoice(db, org.id, oficina, { externalId: 'NF-A1', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 10000 });
    await givenInvoice(db, org.id, oficina, { externalId: 'NF-A2', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 25050 });
    await givenPayment(db, org.id, oficina, { externalId: 'PIX-0', date: '2026-08-05', amountMinor: 7000 });
    await givenPayment(db, org.id, oficina, {
      externalId: 'PIX-1',
      date: '2026-10-15',
      amountMinor: 5000,
      invoiceId: (await db.selectFrom('invoices').select('id').where('external_id', '=', 'NF-A2').executeTakeFirstOrThrow()).id,
    });
    await db.transaction().execute((trx) =>
      appendInteraction(trx, org.id, {
        occurredAt: new Date('2026-10-20T17:00:00Z'),
        customerId: oficina,
        actor: 'ana',
        channel: 'phone',
        kind: 'call_logged',
        content: { outcome: 'no answer' },
      }),
    );
  });

  it('Mon 2 Nov: handed to Cobra Bem at 15 %; the CSV lists the open invoices with the contact summary, the PDF is a PDF', async () => {
    const db = database().db;
    const handoff = await db
      .transaction()
      .execute((trx) =>
        handOffToAgency(trx, org.id, { externalId: 'OFICINA' }, { agency: 'Cobra Bem', commissionPercent: '15', date: '2026-11-02' }, clerk('2026-11-02')),
      );
    handoffId = handoff.id;
    assert.deepEqual([handoff.commission_bp, handoff.amount_minor, handoff.currency, handoff.status], [1500, 10000 + 25050 - 5000, 'BRL', 'active']);
    const csv = await db
      .selectFrom('documents')
      .select(['content', 'content_type'])
      .where('organisation_id', '=', org.id)
      .where('id', '=', handoff.csv_document_id!)
      .executeTakeFirstOrThrow();
    // 1 Sep → 2 Nov is 30 + 31 + 1 = 62 days; 1 Oct → 2 Nov is 32.
    // Late charges on 2 Nov (BR default terms): NF-A1 fine 2.00, interest 100.00 × 1 % × 62 / 30 = 2.07;
    // NF-A2 fine 4.01, interest 200.50 × 1 % × 32 / 30 = 2.14.
    assert.equal(
      Buffer.from(csv.content).toString('utf8'),
      [
        'customer_external_id,customer_name,customer_tax_id,invoice_external_id,invoice_number,issue_date,due_date,days_overdue,amount,paid,open,late_fee,interest,compensation,claimed,currency,contacts_logged,last_contact_on',
        'OFICINA,Oficina do Zé,,NF-A1,NF-A1,2026-08-01,2026-09-01,62,100.00,0.00,100.00,2.00,2.07,0.00,104.07,BRL,1,2026-10-20',
        'OFICINA,Oficina do Zé,,NF-A2,NF-A2,2026-09-01,2026-10-01,32,250.50,50.00,200.50,4.01,2.14,0.00,206.65,BRL,1,2026-10-20',
        '',
      ].join('\n'),
    );
    const pdf = await db
      .selectFrom('documents')
      .select('content')
      .where('organisation_id', '=', org.id)
      .where('id', '=', handoff.pdf_document_id!)
      .executeTakeFirstOrThrow();
    assert.equal(Buffer.from(pdf.content).subarray(0, 5).toString('latin1'), '%PDF-');
    const customer = await db.selectFrom('customers').select('status').where('id', '=', oficina).executeTakeFirstOrThrow();
    assert.equal(customer.status, 'with_agency');
  });

  it('a second hand-off is refused', async () => {
    await assert.rejects(
      database()
        .db.transaction()
        .execute((trx) => handOffToAgency(trx, org.id, { id: oficina }, { agency: 'Outra', commissionPercent: '10' }, clerk('2026-11-03'))),
      (error: UserError) => error.code === 'already_with_agency',
    );
  });

  it('Thu 5 Nov: the cadence leaves the customer alone', async () => {
    const db = database().db;
    const before = (await outboxOf(db, org.id, oficina)).length;
    const summary = await runCadence(db, org, { asOf: '2026-11-05', now: at10('2026-11-05') });
    assert.equal((await outboxOf(db, org.id, oficina)).length, before);
    assert.ok(Object.keys(summary.suppressed).length > 0);
  });

  it('10 Nov: the agency collects R$ 100,00 → recovered 100.00, commission 15.00; recalled on 20 Nov; what is paid after the recall is not the agency’s', async () => {
    const db = database().db;
    await givenPayment(db, org.id, oficina, { externalId: 'AG-1', date: '2026-11-10', amountMinor: 10000 });
    let [listed] = (await listAgencyHandoffs(db, org.id, {}, { limit: 10, after: null })).items;
    assert.deepEqual([listed!.recovered_minor, listed!.commission_minor], [10000, 1500]);
    const recalled = await db.transaction().execute((trx) => recallFromAgency(trx, org.id, handoffId, { date: '2026-11-20' }, clerk('2026-11-20')));
    assert.deepEqual([recalled.status, recalled.recalled_on], ['recalled', '2026-11-20']);
    assert.equal((await db.selectFrom('customers').select('status').where('id', '=', oficina).executeTakeFirstOrThrow()).status, 'active');
    await givenPayment(db, org.id, oficina, { externalId: 'PIX-2', date: '2026-11-25', amountMinor: 3333 });
    [listed] = (await listAgencyHandoffs(db, org.id, { status: 'recalled' }, { limit: 10, after: null })).items;
    assert.deepEqual([listed!.recovered_minor, listed!.commission_minor], [10000, 1500]);
  });
});

describeEachEngine('legal: small-claims packet and the court value limit', (database) => {
  it('a claim within R$ 60.720,00 (charges included) gets a PDF with the policy acknowledgement and the hashed contact record; above it is refused naming the limit', async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'legal');
    const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA' });
    const atacado = await givenCustomer(db, org.id, { externalId: 'ATACADO' });
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-L1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountMinor: 5_800_000 });
    await givenInvoice(db, org.id, atacado, { externalId: 'NF-L2', issueDate: '2026-06-01', dueDate: '2026-07-01', amountMinor: 6_072_001 });
    const terms = await db
      .insertInto('payment_terms')
      .values({ organisation_id: org.id, name: 'standard', rules: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('policy_acknowledgements')
      .values({
        organisation_id: org.id,
        customer_id: padaria,
        payment_terms_id: terms.id,
        terms_version: 1,
        channel: 'portal',
        acknowledged_at: new Date('2026-05-01T12:00:00Z'),
        evidence: '{"ip":"203.0.113.9"}',
      })
      .execute();
    await runCadence(db, org, { asOf: '2026-07-02', now: at10('2026-07-02') });

    const packet = await db.transaction().execute((trx) => buildSmallClaimsPacket(trx, org.id, { id: padaria }, clerk('2026-09-01')));
    assert.equal(packet.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    // 58 000.00 + fine 1 160.00 + interest 58 000.00 × 1 % × 62 / 30 = 1 198.67 on 1 Sep.
    assert.deepEqual([packet.claim_minor, packet.limit_minor, packet.currency], [6_035_867, 6_072_000, 'BRL']);
    const entries = await db
      .selectFrom('interactions')
      .select(['hash'])
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', padaria)
      .orderBy('seq')
      .execute();
    assert.equal(packet.entries, entries.length - 1, 'every entry before the packet itself');
    const built = entries.at(-1)!;
    const last = await db
      .selectFrom('interactions')
      .select('content')
      .where('organisation_id', '=', org.id)
      .where('hash', '=', built.hash)
      .executeTakeFirstOrThrow();
    assert.equal(last.content.last_hash, entries.at(-2)!.hash);
    const stored = await db
      .selectFrom('documents')
      .select(['kind', 'sha256'])
      .where('organisation_id', '=', org.id)
      .where('id', '=', packet.document_id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.kind, 'legal_packet');
    assert.equal((await verifyContactRecord(db, orgContext(org))).broken, null);

    await assert.rejects(
      db.transaction().execute((trx) => buildSmallClaimsPacket(trx, org.id, { externalId: 'ATACADO' }, clerk('2026-09-01'))),
      (error: UserError) => {
        assert.equal(error.code, 'above_court_limit');
        assert.match(error.message, /60720\.00 BRL/);
        assert.deepEqual((error.details as { limit: unknown }).limit, { amount: '60720.00', currency: 'BRL' });
        return true;
      },
    );
    await setEscalationSettings(db, org.id, { courtLimitMinor: 10_000_000 });
    const raised = await db.transaction().execute((trx) => buildSmallClaimsPacket(trx, org.id, { externalId: 'ATACADO' }, clerk('2026-09-02')));
    assert.equal(raised.limit_minor, 10_000_000);
  });
});

describeEachEngine('service suspension: a signed webhook on entering and on leaving', (database) => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    receiver = await startReceiver();
  });
  after(() => receiver.close());

  it('suspend on 3 Nov, restore on 9 Nov: two events, each signed with the endpoint secret', async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'suspension');
    const academia = await givenCustomer(db, org.id, { externalId: 'ACADEMIA' });
    const endpoint = await createWebhookEndpoint(db, org.id, receiver.url, ['customer.suspension_started', 'customer.suspension_ended']);
    await db.transaction().execute((trx) => startSuspension(trx, org.id, { externalId: 'ACADEMIA' }, { reason: '60 days overdue' }, clerk('2026-11-03')));
    await assert.rejects(
      db.transaction().execute((trx) => startSuspension(trx, org.id, { id: academia }, {}, clerk('2026-11-04'))),
      (e: UserError) => e.code === 'already_suspended',
    );
    await db.transaction().execute((trx) => endSuspension(trx, org.id, { id: academia }, clerk('2026-11-09')));
    await assert.rejects(
      db.transaction().execute((trx) => endSuspension(trx, org.id, { id: academia }, clerk('2026-11-10'))),
      (e: UserError) => e.code === 'not_suspended',
    );

    const queued = await db.selectFrom('webhook_deliveries').select('event_type').where('organisation_id', '=', org.id).orderBy('created_at').execute();
    assert.deepEqual(queued.map((q) => q.event_type).sort(), ['customer.suspension_ended', 'customer.suspension_started']);
    await deliverWebhooks(db, org.id, at10('2026-11-09'));
    assert.equal(receiver.requests.length, 2);
    for (const request of receiver.requests) {
      const headers = {
        id: String(request.headers['webhook-id']),
        timestamp: String(request.headers['webhook-timestamp']),
        signature: String(request.headers['webhook-signature']),
      };
      assert.ok(verifyWebhook(endpoint.secret, headers, request.body, Number(headers.timestamp)), 'signature verifies');
    }
    const started = receiver.requests
      .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> })
      .find((e) => e.type === 'customer.suspension_started')!;
    assert.deepEqual([started.data.customer_external_id, started.data.reason], ['ACADEMIA', '60 days overdue']);
  });
});

describeEachEngine('write-off: bad debt, the accounting export, and money that comes back', (database) => {
  let org: Organisation;
  let bar: string;
  const recover = (date: string) =>
    database()
      .db.transaction()
      .execute((trx) => recoverWrittenOffPayments(trx, org.id, { actor: 'escalation', now: at10(date) }));

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'write-off');
    bar = await givenCustomer(db, org.id, { externalId: 'BAR', name: 'Bar "Do Porto", Ltda' });
    await givenInvoice(db, org.id, bar, { externalId: 'NF-W1', issueDate: '2026-05-01', dueDate: '2026-06-01', amountMinor: 50000 });
    await givenPayment(db, org.id, bar, { externalId: 'PIX-W0', date: '2026-06-15', amountMinor: 10000 });
  });

  it('31 Oct: the open R$ 400,00 is written off; aging keeps it up to 30 Oct and drops it from 31 Oct', async () => {
    const db = database().db;
    const result = await db
      .transaction()
      .execute((trx) => writeOffInvoice(trx, org.id, { externalId: 'NF-W1' }, { date: '2026-10-31', reason: 'customer closed down' }, clerk('2026-10-31')));
    assert.deepEqual([result.amount_minor, result.written_off_on], [40000, '2026-10-31']);
    assert.equal((await agingReport(db, orgContext(org), '2026-10-30')).lines[0]?.total, 40000);
    assert.equal((await agingReport(db, orgContext(org), '2026-10-31')).lines.length, 0);
    await assert.rejects(
      db.transaction().execute((trx) => writeOffInvoice(trx, org.id, { externalId: 'NF-W1' }, { date: '2026-11-01', reason: 'again' }, clerk('2026-11-01'))),
      (e: UserError) => e.code === 'already_written_off',
    );
  });

  it('the October export has one write-off line, quoted as CSV requires', async () => {
    const csv = await exportWriteOffsCsv(database().db, orgContext(org), '2026-10-01', '2026-10-31');
    assert.equal(
      csv,
      [
        'date,entry,invoice_external_id,invoice_number,customer_external_id,customer_name,customer_tax_id,currency,amount,reason,payment_external_id',
        '2026-10-31,write_off,NF-W1,NF-W1,BAR,"Bar ""Do Porto"", Ltda",,BRL,400.00,customer closed down,',
        '',
      ].join('\n'),
    );
  });

  it('December: R$ 150,00 then R$ 250,00 arrive; each is recorded as a recovery, the invoice ends paid, October aging unchanged', async () => {
    const db = database().db;
    await givenPayment(db, org.id, bar, { externalId: 'PIX-W1', date: '2026-12-10', amountMinor: 15000 });
    assert.equal(await recover('2026-12-10'), 1);
    let invoice = await db
      .selectFrom('invoices')
      .select(['status', 'paid_minor', 'written_off_on'])
      .where('external_id', '=', 'NF-W1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(invoice, { status: 'written_off', paid_minor: 25000, written_off_on: '2026-10-31' });
    assert.equal(await recover('2026-12-11'), 0, 'safe to repeat');
    await givenPayment(db, org.id, bar, { externalId: 'PIX-W2', date: '2026-12-20', amountMinor: 25000 });
    assert.equal(await recover('2026-12-20'), 1);
    invoice = await db.selectFrom('invoices').select(['status', 'paid_minor', 'written_off_on']).where('external_id', '=', 'NF-W1').executeTakeFirstOrThrow();
    assert.deepEqual(invoice, { status: 'paid', paid_minor: 50000, written_off_on: '2026-10-31' });
    assert.equal((await agingReport(db, orgContext(org), '2026-10-30')).lines[0]?.total, 40000);
    const csv = await exportWriteOffsCsv(db, orgContext(org), '2026-12-01', '2026-12-31');
    assert.deepEqual(csv.trim().split('\n').slice(1), [
      '2026-12-10,recovery,NF-W1,NF-W1,BAR,"Bar ""Do Porto"", Ltda",,BRL,150.00,customer closed down,PIX-W1',
      '2026-12-20,recovery,NF-W1,NF-W1,BAR,"Bar ""Do Porto"", Ltda",,BRL,250.00,customer closed down,PIX-W2',
    ]);
  });

  it('a paid invoice cannot be written off', async () => {
    await assert.rejects(
      database()
        .db.transaction()
        .execute((trx) => writeOffInvoice(trx, org.id, { externalId: 'NF-W1' }, { date: '2026-12-31', reason: 'x' }, clerk('2026-12-31'))),
      (e: UserError) => e.code === 'invoice_not_open',
    );
  });
});
