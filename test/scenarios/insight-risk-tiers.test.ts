import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { loadDemo } from '../../src/demo/load-demo.ts';
import { addDays } from '../../src/domain/dates.ts';
import { savePolicy } from '../../src/use-cases/cadence/policies.ts';
import { runDay, type DayDeps } from '../../src/use-cases/daily/run-day.ts';
import { refreshInsight } from '../../src/use-cases/insight/refresh-insight.ts';
import { riskModelReport } from '../../src/use-cases/insight/risk-report.ts';
import { createWebhookEndpoint } from '../../src/use-cases/webhooks/endpoints.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, outboxOf } from '../support/portfolio.ts';

// 10:00 in São Paulo (UTC-3) on a given date.
const at10 = (date: string) => new Date(`${date}T13:00:00Z`);
// Deciding only: no message leaves in these stories, so delivery needs nothing.
const decideOnly = {} as DayDeps;

// Three days after the due date, Gold customers get a gentle note, Watch customers in the high risk
// band a firm one.
const byTierPolicy = {
  name: 'by-tier',
  version: 1,
  steps: [
    { id: 'd+3-gold', offsetDays: 3, channel: 'email', template: 'friendly_reminder', tone: 'friendly', conditions: { tiers: ['gold'] } },
    { id: 'd+3-watch', offsetDays: 3, channel: 'email', template: 'firm_reminder', tone: 'firm', conditions: { tiers: ['watch'], riskBands: ['high'] } },
  ],
};

describeEachEngine('tiers and risk bands drive the cadence, computed by the daily run', (database) => {
  let org: Organisation;
  let ouro: string;
  let atrasado: string;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'tiers');
    await savePolicy(db, org.id, byTierPolicy, { isDefault: true });
    await createWebhookEndpoint(db, org.id, 'http://127.0.0.1:9/hooks', ['customer.tier_changed', 'customer.risk_band_changed']);
    ouro = await givenCustomer(db, org.id, { externalId: 'OURO', contacts: [{ channel: 'email', address: 'ouro@example.com' }] });
    atrasado = await givenCustomer(db, org.id, { externalId: 'ATRASADO', contacts: [{ channel: 'email', address: 'atrasado@example.com' }] });
    // January to June: OURO pays every invoice on its due date; ATRASADO pays half of them 45 days late.
    for (let month = 1; month <= 6; month++) {
      const due = `2026-0${month}-10`;
      const ouroInvoice = await givenInvoice(db, org.id, ouro, { externalId: `O-${month}`, dueDate: due, amountMinor: 100_00 });
      await givenPayment(db, org.id, ouro, { externalId: `OP-${month}`, date: due, amountMinor: 100_00, invoiceId: ouroInvoice });
      const lateInvoice = await givenInvoice(db, org.id, atrasado, { externalId: `A-${month}`, dueDate: due, amountMinor: 100_00 });
      await givenPayment(db, org.id, atrasado, {
        externalId: `AP-${month}`,
        date: addDays(due, month % 2 === 0 ? 45 : 0),
        amountMinor: 100_00,
        invoiceId: lateInvoice,
      });
    }
    // July's invoices, due on the 10th, both stay open.
    await givenInvoice(db, org.id, ouro, { externalId: 'O-7', dueDate: '2026-07-10', amountMinor: 100_00 });
    await givenInvoice(db, org.id, atrasado, { externalId: 'A-7', dueDate: '2026-07-10', amountMinor: 100_00 });
  });

  it('13 July (D+3): Gold OURO gets the gentle note; ATRASADO, on Watch and high risk, the firm one', async () => {
    const db = database().db;
    const day = await runDay(db, { org, actor: 'system', now: at10('2026-07-13') }, { decide: { asOf: '2026-07-13' }, deliver: false }, decideOnly);
    assert.equal(day.insight?.kind, 'rules'); // two customers: too little history to train on
    const customers = await db
      .selectFrom('customers')
      .select(['external_id', 'tier', 'tier_reason', 'risk_band'])
      .where('organisation_id', '=', org.id)
      .orderBy('external_id')
      .execute();
    assert.deepEqual(customers, [
      // June's invoice is 33 days overdue (it is paid on 25 July); 10 % + 50 % × 2/5 paid > 30 days late + 15 % for it = 45 %
      { external_id: 'ATRASADO', tier: 'watch', tier_reason: 'overdue_over_30', risk_band: 'high' },
      { external_id: 'OURO', tier: 'gold', tier_reason: 'punctual', risk_band: 'low' },
    ]);
    assert.deepEqual(await outboxOf(db, org.id, ouro), ['2026-07-13 d+3-gold email ouro@example.com']);
    assert.deepEqual(await outboxOf(db, org.id, atrasado), ['2026-07-13 d+3-watch email atrasado@example.com']);
  });

  it('11 August: OURO lets July run 32 days overdue, is demoted to Watch with the reason, and the business is told by webhook', async () => {
    const db = database().db;
    await runDay(db, { org, actor: 'system', now: at10('2026-08-11') }, { decide: { asOf: '2026-08-11' }, deliver: false }, decideOnly);
    const changes = await db
      .selectFrom('customer_insight_changes')
      .select(['kind', 'changed_on', 'from_value', 'to_value', 'reason'])
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', ouro)
      .orderBy('changed_on')
      .orderBy('kind')
      .execute();
    assert.deepEqual(
      changes.map((c) => `${c.changed_on} ${c.kind} ${c.from_value ?? '—'} → ${c.to_value}${c.kind === 'tier' ? ` (${c.reason})` : ''}`),
      [
        '2026-07-13 risk_band — → low',
        '2026-07-13 tier — → gold (punctual)',
        '2026-08-11 risk_band low → medium',
        '2026-08-11 tier gold → watch (overdue_over_30)',
      ],
    );
    const events = await db
      .selectFrom('webhook_deliveries')
      .select(['event_type', 'payload'])
      .where('organisation_id', '=', org.id)
      .orderBy('event_type')
      .execute();
    assert.deepEqual(
      events.map((e) => e.event_type),
      ['customer.risk_band_changed', 'customer.tier_changed'],
    );
    const payload = events[1]!.payload;
    const tierEvent = (typeof payload === 'string' ? JSON.parse(payload) : payload) as { data: Record<string, unknown> };
    assert.deepEqual(
      { from: tierEvent.data.from, to: tierEvent.data.to, reason: tierEvent.data.reason, external_id: tierEvent.data.external_id },
      { from: 'gold', to: 'watch', reason: 'overdue_over_30', external_id: 'OURO' },
    );
  });

  it('the report says the rule-based score stands, and why', async () => {
    const report = await riskModelReport(database().db, { org, actor: 'cli', now: at10('2026-08-11') });
    assert.equal(report.kind, 'rules');
    assert.equal(report.model, null);
    assert.match(report.rules_because ?? '', /too little history/);
  });
});

describeEachEngine('on a generated portfolio the trained model beats the rule-based score on the held-out period', (database) => {
  it('logistic AUC above the rule-based AUC, both printed in the report', async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'generated');
    await loadDemo(db, org.id, { customers: 300, asOf: '2026-12-07' });
    const ctx = { org, actor: 'cli', now: at10('2026-12-07') };
    const refresh = await refreshInsight(db, ctx, { train: 'always', asOf: '2026-12-07' });
    assert.equal(refresh.kind, 'logistic');
    assert.equal(refresh.customersScored, 300);
    const report = await riskModelReport(db, ctx);
    assert.equal(report.cutoff, '2026-08-09'); // 120 days before: trained on the invoices due before, tested on those due after
    assert.ok(report.model?.auc !== null && report.model?.auc !== undefined && report.rules.auc !== null);
    assert.ok(report.model.auc > report.rules.auc, `model AUC ${report.model.auc} vs rule-based ${report.rules.auc}`);
    assert.equal(report.model.calibration.length, 10);
    // Deterministic: training again on the same history gives the same figures.
    await refreshInsight(db, ctx, { train: 'always', asOf: '2026-12-07' });
    const again = await riskModelReport(db, ctx);
    assert.equal(again.version, report.version + 1);
    assert.deepEqual(again.model, report.model);
  });
});
