import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, type IsoDate } from '../dates.ts';
import type { BehaviourHistory } from './behaviour.ts';
import { tierName, tierOf } from './tiers.ts';

/** Monthly invoices of 100.00 due on the 10th from January 2026, paid `daysLate[k]` days after (null: open). */
function history(daysLate: readonly (number | null)[], promises: BehaviourHistory['promises'] = []): BehaviourHistory {
  const invoices = daysLate.map((_, k) => {
    const due: IsoDate = `2026-${String(k + 1).padStart(2, '0')}-10`;
    return {
      id: `I${k}`,
      currency: 'BRL',
      issueDate: addDays(due, -30),
      dueDate: due,
      amountMinor: 10_000,
      voidedOn: null,
      writtenOffOn: null,
      instalment: false,
      coveredByPlan: [],
    };
  });
  const allocations = daysLate.flatMap((late, k) =>
    late === null ? [] : [{ invoiceId: `I${k}`, amountMinor: 10_000, allocatedOn: addDays(invoices[k]!.dueDate, late), reversedOn: null }],
  );
  return { invoices, allocations, promises, disputesOpenedOn: [], plans: [] };
}

describe('tiers', () => {
  it('six invoices paid on time make a Gold customer (Ouro, Oro)', () => {
    const decision = tierOf(history([0, -2, 1, 0, 3, 0]), '2026-07-01');
    assert.deepEqual(decision, { tier: 'gold', reason: 'punctual' });
    assert.equal(tierName('gold', 'pt-BR'), 'Ouro');
    assert.equal(tierName('gold', 'es'), 'Oro');
  });

  it('four of five on time is Silver; a short history is Standard', () => {
    assert.deepEqual(tierOf(history([0, 0, 12, 0, 0]), '2026-07-01'), { tier: 'silver', reason: 'mostly_punctual' });
    assert.deepEqual(tierOf(history([0, 0]), '2026-07-01'), { tier: 'standard', reason: 'short_history' });
  });

  it('a Gold customer is demoted to Watch when an invoice runs more than 30 days overdue, and says why', () => {
    const payer = history([0, 0, 0, 0, 0, 0, null]); // the July invoice, due July 10, stays open
    assert.equal(tierOf(payer, '2026-07-12').tier, 'gold'); // 2 days overdue: still within the grace
    assert.deepEqual(tierOf(payer, '2026-08-10'), { tier: 'watch', reason: 'overdue_over_30' });
  });

  it('a promise broken in the last year puts the customer on Watch; older ones are forgiven', () => {
    const broken = [{ madeOn: '2026-02-01', deadline: '2026-02-05', status: 'broken' as const }];
    assert.deepEqual(tierOf(history([0, 0, 0, 0, 0, 0], broken), '2026-07-01'), { tier: 'watch', reason: 'promise_broken' });
    assert.notEqual(tierOf(history([0, 0, 0, 0, 0, 0], broken), '2027-02-06').reason, 'promise_broken'); // a year later
  });

  it('a quarter of the invoices paid more than 30 days late is Watch', () => {
    assert.deepEqual(tierOf(history([0, 45, 0, 40, 0, 0, 0, 0]), '2026-10-01'), { tier: 'watch', reason: 'paid_over_30_late' });
  });
});
