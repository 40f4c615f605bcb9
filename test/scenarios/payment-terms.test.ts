import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenPlan, partsOfPlan } from '../support/payment-plans.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

const terms = {
  netDays: 30,
  graceDays: 3,
  earlyPaymentDiscount: { bps: 200, daysBeforeDue: 5 },
  lateFee: { kind: 'percent', bps: 200 },
  interest: { monthlyBps: 100, basis: 'simple_pro_rata_30' },
};

describeEachEngine(
  'payment terms are managed: versions, legal caps, acknowledgement, the early-payment discount and the grace of a plan instalment',
  (database) => {
    let org: Organisation;
    let api: ApiClient;
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    const customer: Record<string, string> = {};

    before(async () => {
      const db = database().db;
      smtp = await startSmtpServer();
      org = await givenOrganisation(db, 'terms-diary');
      customer.padaria = await givenCustomer(db, org.id, {
        externalId: 'PADARIA',
        segment: 'varejo',
        contacts: [{ channel: 'email', address: 'padaria@example.com' }],
      });
      customer.mercado = await givenCustomer(db, org.id, { externalId: 'MERCADO', contacts: [{ channel: 'email', address: 'mercado@example.com' }] });
      api = await givenApi(db, org.id);
    });
    after(async () => {
      await api?.close();
      await smtp?.close();
    });

    it('Day 1: 3 % interest a month is refused (over the 1 % Brazilian cap); the default terms are saved, then a second version replaces them', async () => {
      const refused = await api.post('/api/v1/payment-terms', { rules: { ...terms, interest: { monthlyBps: 300, basis: 'simple_pro_rata_30' } } });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.deepEqual(
        (refused.json() as { error: { code: string; details: { field: string }[] } }).error.details.map((d) => d.field),
        ['rules.interest.monthlyBps'],
      );

      const first = await api.post('/api/v1/payment-terms', { rules: { ...terms, graceDays: 0 } });
      assert.equal(first.statusCode, 201, first.body);
      const second = await api.post('/api/v1/payment-terms', { rules: terms });
      assert.equal(second.statusCode, 201, second.body);
      const segment = await api.post('/api/v1/payment-terms', { scope: 'segment', segment: 'varejo', rules: { ...terms, graceDays: 5 } });
      assert.equal(segment.statusCode, 201, segment.body);
      const list = (await api.get('/api/v1/payment-terms')).json() as { data: { name: string; version: number; is_default: boolean }[] };
      assert.deepEqual(
        list.data.map((t) => `${t.name} v${t.version}${t.is_default ? ' default' : ''}`),
        ['segment:varejo v1', 'default v2 default', 'default v1'],
      );
    });

    it("Day 1: PADARIA acknowledges the terms that apply to it (its segment's) by a signed contract; the contact record keeps it", async () => {
      const db = database().db;
      const ack = await api.post('/api/v1/customers/ext:PADARIA/payment-terms/acknowledgements', {
        channel: 'signed_contract',
        acknowledged_at: '2026-11-02T15:00:00Z',
        evidence_reference: 'CONTRATO-2026-117',
      });
      assert.equal(ack.statusCode, 201, ack.body);
      assert.deepEqual(
        (({ terms_name, terms_version, channel, evidence }) => ({ terms_name, terms_version, channel, evidence }))(ack.json() as Record<string, unknown>),
        {
          terms_name: 'segment:varejo',
          terms_version: 1,
          channel: 'signed_contract',
          evidence: { reference: 'CONTRATO-2026-117' },
        },
      );
      const stored = await db
        .selectFrom('policy_acknowledgements')
        .select(['terms_version', 'channel'])
        .where('organisation_id', '=', org.id)
        .where('customer_id', '=', customer.padaria!)
        .execute();
      assert.deepEqual(stored, [{ terms_version: 1, channel: 'signed_contract' }]);
      const record = await db
        .selectFrom('interactions')
        .select('kind')
        .where('organisation_id', '=', org.id)
        .where('customer_id', '=', customer.padaria!)
        .execute();
      assert.ok(record.some((r) => r.kind === 'terms_acknowledged'));
      const noEvidence = await api.post('/api/v1/customers/ext:PADARIA/payment-terms/acknowledgements', { channel: 'portal' });
      assert.equal(noEvidence.statusCode, 400, 'an acknowledgement without evidence proves nothing');
    });

    it('Day 20: MERCADO pays R$ 294.00 for a R$ 300.00 invoice due on 2 Dec — inside the 2 % discount window, so the invoice is paid', async () => {
      const db = database().db;
      await givenInvoice(db, org.id, customer.mercado!, { externalId: 'NF-EARLY', issueDate: '2026-11-02', dueDate: '2026-12-02', amountMinor: 30000 });
      await givenPayment(db, org.id, customer.mercado!, { externalId: 'PIX-EARLY', date: '2026-11-20', amountMinor: 29400 });
      const invoice = await db
        .selectFrom('invoices')
        .select(['id', 'status', 'paid_minor'])
        .where('organisation_id', '=', org.id)
        .where('external_id', '=', 'NF-EARLY')
        .executeTakeFirstOrThrow();
      assert.deepEqual([invoice.status, invoice.paid_minor], ['paid', 29400]);
      const discount = await db
        .selectFrom('invoice_charges')
        .select(['component', 'amount_minor', 'as_of'])
        .where('organisation_id', '=', org.id)
        .where('invoice_id', '=', invoice.id)
        .execute();
      assert.deepEqual(discount, [{ component: 'discount', amount_minor: 600, as_of: '2026-11-20' }]);
      const aging = (await api.get('/api/v1/reports/aging?as_of=2026-11-20')).json() as { customers: { external_id: string }[] };
      assert.ok(!aging.customers.some((c) => c.external_id === 'MERCADO'), 'nothing left open');
    });

    it("Day 51: a plan instalment paid a day late, inside the 5 days of grace of the segment's terms, is settled without any fine", async () => {
      const db = database().db;
      await givenInvoice(db, org.id, customer.padaria!, { externalId: 'NF-OLD', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 60000 });
      const plan = await givenPlan(
        db,
        org.id,
        'PADARIA',
        { instalments: 2, frequency: 'monthly', startDate: '2026-11-20', monthlyInterestBps: 0 },
        '2026-11-20',
      );
      const [first] = await partsOfPlan(db, org.id, plan);
      assert.equal(first!.dueDate, '2026-12-20');
      // Day 51 (Monday 21 Dec): the D+1 reminder about the instalment demands no charges inside the grace.
      const now = new Date('2026-12-21T14:00:00Z');
      await runCadence(db, org, { asOf: '2026-12-21', now });
      await deliverDue(db, org, now, deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email: smtpTransport(smtp.url, 'cobranca@padaria.example') }));
      const reminder = smtp.messages.find((m) => m.to === 'padaria@example.com');
      assert.ok(reminder, 'the instalment was reminded');
      assert.doesNotMatch(reminder.parts.find((p) => p.contentType.startsWith('text/plain'))!.content.toString('utf8'), /multa/);

      await givenPayment(db, org.id, customer.padaria!, {
        externalId: 'PIX-PART-1',
        date: '2026-12-21',
        amountMinor: first!.amountMinor,
        invoiceId: first!.id,
      });
      const [paid] = await partsOfPlan(db, org.id, plan);
      assert.deepEqual([paid!.status, paid!.paidMinor], ['paid', first!.amountMinor]);
      const charges = await db
        .selectFrom('invoice_charges')
        .select('component')
        .where('organisation_id', '=', org.id)
        .where('invoice_id', '=', first!.id)
        .execute();
      assert.deepEqual(charges, []);
    });
  },
);
