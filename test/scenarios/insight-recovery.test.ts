import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Db } from '../../src/db/database.ts';
import { collectionMetricsReport, metricsPeriod, metricsToJson } from '../../src/use-cases/insight/collection-metrics.ts';
import type { OrgContext } from '../../src/use-cases/org-context.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

/** A reminder as the delivery leaves it once sent (how the cadence picks and sends it is tested elsewhere). */
async function givenMessageSent(
  db: Db,
  organisationId: string,
  customerId: string,
  invoiceIds: string[],
  message: { step: string; template: string; sentAt: string },
): Promise<void> {
  await db
    .insertInto('outbox_messages')
    .values({
      organisation_id: organisationId,
      customer_id: customerId,
      dedupe_key: `${message.step}:${invoiceIds.join(',')}:${message.sentAt}`,
      as_of: message.sentAt.slice(0, 10),
      policy_name: 'default',
      step_id: message.step,
      channel: 'email',
      template: message.template,
      tone: 'friendly',
      language: 'pt-BR',
      recipient: 'cliente@example.com',
      timezone: 'America/Sao_Paulo',
      country: 'BR',
      currency: 'BRL',
      receivable_ids: invoiceIds,
      next_attempt_at: new Date(message.sentAt),
      status: 'sent',
      sent_at: new Date(message.sentAt),
    })
    .execute();
}

describeEachEngine('Recovery by cadence step and template: which reminder brought the money in', (database) => {
  let ctx: OrgContext;
  const metrics = async (asOf: string, to = '2026-02-28') =>
    metricsToJson(await collectionMetricsReport(database().db, ctx, metricsPeriod(asOf, '2026-02-01', to)));

  before(async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'padaria');
    ctx = { org, actor: 'test', now: new Date('2026-04-30T12:00:00Z') };
    const a = await givenCustomer(db, org.id, { externalId: 'A' });
    const b = await givenCustomer(db, org.id, { externalId: 'B' });
    const a1 = await givenInvoice(db, org.id, a, { externalId: 'A1', issueDate: '2026-01-01', dueDate: '2026-01-31', amountMinor: 100_000 });
    const b1 = await givenInvoice(db, org.id, b, { externalId: 'B1', issueDate: '2026-01-02', dueDate: '2026-02-01', amountMinor: 50_000 });
    // Feb 3: the friendly e-mail of day 3 to A (1000.00 overdue). Feb 4: the same step to B (500.00).
    await givenMessageSent(db, org.id, a, [a1], { step: 'd+3', template: 'friendly', sentAt: '2026-02-03T12:00:00Z' });
    await givenMessageSent(db, org.id, b, [b1], { step: 'd+3', template: 'friendly', sentAt: '2026-02-04T12:00:00Z' });
    // Feb 6: B pays in full, two days after its reminder.
    await givenPayment(db, org.id, b, { externalId: 'PB', date: '2026-02-06', amountMinor: 50_000, invoiceId: b1 });
    // Feb 15: A has paid nothing; the firm reminder of day 15 goes out. Feb 18 A pays 600.00, Mar 10 the remaining 400.00.
    await givenMessageSent(db, org.id, a, [a1], { step: 'd+15', template: 'firm', sentAt: '2026-02-15T12:00:00Z' });
    await givenPayment(db, org.id, a, { externalId: 'PA1', date: '2026-02-18', amountMinor: 60_000, invoiceId: a1 });
    await givenPayment(db, org.id, a, { externalId: 'PA2', date: '2026-03-10', amountMinor: 40_000, invoiceId: a1 });
  });

  const windows = (chased: string[], paid: string[], invoicesPaid: number[], share: (number | null)[], invoices = [2, 2, 2]) =>
    [7, 14, 30].map((days, i) => ({
      days,
      invoices: invoices[i],
      amount_chased: chased[i],
      amount_paid: paid[i],
      invoices_paid: invoicesPaid[i],
      share_paid: share[i],
    }));

  test("as of Apr 30: the payments after the second step are the second step's; the first step has B's payment only", async () => {
    const report = await metrics('2026-04-30');
    const firstStep = {
      currency: 'BRL',
      messages: 2,
      invoices: 2,
      amount_chased: '1500.00',
      // A's payments came after the next step: none of A1 is credited here, B's 500.00 is (within 7 days).
      within: windows(['1500.00', '1500.00', '1500.00'], ['500.00', '500.00', '500.00'], [1, 1, 1], [0.3333, 0.3333, 0.3333]),
    };
    const secondStep = {
      currency: 'BRL',
      messages: 1,
      invoices: 1,
      amount_chased: '1000.00',
      // 600.00 three days later (7 and 14 days), the rest 23 days later (30 days).
      within: windows(['1000.00', '1000.00', '1000.00'], ['600.00', '600.00', '1000.00'], [1, 1, 1], [0.6, 0.6, 1], [1, 1, 1]),
    };
    assert.deepEqual(report.recovery_by_step, [
      { step: 'default/d+15', ...secondStep },
      { step: 'default/d+3', ...firstStep },
    ]);
    assert.deepEqual(report.recovery_by_template, [
      { template: 'firm', ...secondStep },
      { template: 'friendly', ...firstStep },
    ]);
  });

  test('as of Feb 20 the second step has lived 5 days: no window has run its course, nothing is counted as unpaid yet', async () => {
    const report = await metrics('2026-02-20', '2026-02-20');
    const second = report.recovery_by_step.find((line) => line.step === 'default/d+15')!;
    assert.deepEqual(
      second.within.map((w) => [w.days, w.invoices, w.amount_chased, w.share_paid]),
      [
        [7, 0, '0.00', null],
        [14, 0, '0.00', null],
        [30, 0, '0.00', null],
      ],
    );
    // The first step's 7 and 14 days have passed for both invoices; its 30 days not yet.
    const first = report.recovery_by_step.find((line) => line.step === 'default/d+3')!;
    assert.deepEqual(
      first.within.map((w) => [w.days, w.invoices, w.amount_paid]),
      [
        [7, 2, '500.00'],
        [14, 2, '500.00'],
        [30, 0, '0.00'],
      ],
    );
  });
});
