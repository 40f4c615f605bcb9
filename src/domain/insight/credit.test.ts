import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { creditDecision, stagedLimit, type CreditFacts, type StagedCreditSettings } from './credit.ts';

const staged: StagedCreditSettings = { currency: 'BRL', probationDays: 90, initialLimitMinor: 100_000, stepMinor: 50_000, maxLimitMinor: 300_000 };
const facts = (extra: Partial<CreditFacts> = {}): CreditFacts => ({
  firstInvoiceOn: '2026-05-01',
  customerLimit: null,
  paidOnTime: 0,
  open: [],
  overdue: [],
  risk: null,
  ...extra,
});
const brl = (amountMinor: number) => ({ amountMinor, currency: 'BRL' });

describe('staged credit and the credit decision', () => {
  it('the staged limit rises one step per invoice paid on time, up to the maximum', () => {
    assert.deepEqual(
      [0, 1, 3, 4, 10].map((n) => stagedLimit(staged, n)),
      [100_000, 150_000, 250_000, 300_000, 300_000],
    );
  });

  it('a new customer on probation: within the staged limit allow, beyond it deny, with the exposure counted', () => {
    const within = creditDecision(facts({ paidOnTime: 2, open: [brl(120_000)] }), brl(80_000), staged, '2026-06-15');
    assert.equal(within.decision, 'allow');
    assert.deepEqual(within.limit, { amountMinor: 200_000, currency: 'BRL', source: 'staged' });
    assert.deepEqual(within.probation, { until: '2026-07-30', paidOnTime: 2, stagedLimitMinor: 200_000 });
    assert.deepEqual([within.exposureMinor, within.exposureAfterMinor], [120_000, 200_000]);
    const beyond = creditDecision(facts({ paidOnTime: 2, open: [brl(120_000)] }), brl(80_001), staged, '2026-06-15');
    assert.equal(beyond.decision, 'deny');
    assert.deepEqual(
      beyond.reasons.map((r) => [r.code, r.verdict]),
      [
        ['probation', 'allow'],
        ['limit', 'deny'],
        ['overdue', 'allow'],
      ],
    );
    assert.equal(beyond.reasons[1]!.message, 'open 1200.00 BRL + requested 800.01 BRL = 2000.01 BRL exceeds the staged credit limit 2000.00 BRL');
  });

  it("a customer without invoices is on probation from today; a lower limit of the customer's own still applies", () => {
    const fresh = creditDecision(facts({ firstInvoiceOn: null, customerLimit: brl(60_000) }), brl(70_000), staged, '2026-06-15');
    assert.equal(fresh.probation?.until, '2026-09-13');
    assert.deepEqual(fresh.limit, { amountMinor: 60_000, currency: 'BRL', source: 'customer' });
    assert.equal(fresh.decision, 'deny');
  });

  it("after probation the customer's own limit applies, and going beyond it asks for a review", () => {
    const after = creditDecision(facts({ customerLimit: brl(1_000_000), open: [brl(900_000)] }), brl(200_000), staged, '2026-07-30');
    assert.equal(after.probation, null);
    assert.deepEqual(after.limit, { amountMinor: 1_000_000, currency: 'BRL', source: 'customer' });
    assert.equal(after.decision, 'review');
    // Without its own limit the staged limit it earned keeps applying.
    const earned = creditDecision(facts({ paidOnTime: 5 }), brl(300_000), staged, '2026-12-01');
    assert.deepEqual([earned.decision, earned.limit?.amountMinor, earned.limit?.source], ['allow', 300_000, 'staged']);
  });

  it('overdue: any amount asks for a review, more than 30 days denies; risk when a score exists', () => {
    const recent = creditDecision(facts({ overdue: [{ currency: 'USD', amountMinor: 1_000, oldestDaysOverdue: 12 }] }), brl(1_000), null, '2026-06-15');
    assert.deepEqual([recent.decision, recent.reasons.find((r) => r.code === 'overdue')?.message], ['review', '10.00 USD overdue, the oldest 12 days']);
    const old = creditDecision(facts({ overdue: [{ currency: 'BRL', amountMinor: 1_000, oldestDaysOverdue: 31 }] }), brl(1_000), null, '2026-06-15');
    assert.equal(old.decision, 'deny');
    const risky = (probability: number) => creditDecision(facts({ risk: { probability, band: 'high' } }), brl(1_000), null, '2026-06-15').decision;
    assert.deepEqual([risky(0.19), risky(0.2), risky(0.5)], ['allow', 'review', 'deny']);
    // Staged credit off and no limit of its own: nothing limits the amount.
    const free = creditDecision(facts(), brl(99_999_999), null, '2026-06-15');
    assert.deepEqual([free.decision, free.limit, free.reasons.length], ['allow', null, 2]);
  });

  it('a limit in another currency than the request asks for a review', () => {
    const usd = creditDecision(facts({ customerLimit: brl(100_000) }), { amountMinor: 100, currency: 'USD' }, null, '2026-06-15');
    assert.deepEqual([usd.decision, usd.reasons[0]!.message], ['review', 'the credit limit is in BRL, the request in USD']);
  });
});
