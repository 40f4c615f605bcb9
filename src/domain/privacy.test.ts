import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultRetentionDays, dueForErasure, retentionEndsOn, stillNeededBecause, type RetentionFacts } from './privacy.ts';

const closed: RetentionFacts = { openInvoices: 0, activePlans: 0, openDisputes: 0, escalated: false, lastActivityOn: '2021-03-10', erased: false };

describe('privacy: how long a debtor’s data is kept', () => {
  it('keeps the data while the debt is being collected, naming why', () => {
    assert.equal(stillNeededBecause(closed), null);
    assert.equal(
      stillNeededBecause({ ...closed, openInvoices: 2, openDisputes: 1, escalated: true }),
      'the debt is still being collected: 2 open invoice(s), 1 open dispute(s), a live escalation (agency, court or credit bureau)',
    );
    assert.equal(stillNeededBecause({ ...closed, activePlans: 1 }), 'the debt is still being collected: 1 active payment plan(s)');
  });

  it('erases a closed debt five years (1825 days) after the last activity, not a day before', () => {
    assert.equal(defaultRetentionDays, 1825);
    assert.equal(retentionEndsOn('2021-03-10', 1825), '2026-03-09');
    assert.equal(dueForErasure(closed, 1825, '2026-03-08'), false);
    assert.equal(dueForErasure(closed, 1825, '2026-03-09'), true);
    assert.equal(dueForErasure({ ...closed, openInvoices: 1 }, 1825, '2030-01-01'), false);
    assert.equal(dueForErasure({ ...closed, erased: true }, 1825, '2030-01-01'), false);
  });
});
