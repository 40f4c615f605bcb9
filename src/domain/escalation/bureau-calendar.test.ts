import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addBusinessDays, expiresOn, listableOn, noticeDaysFor, removalDueOn, stateOfAddress } from './bureau-calendar.ts';

describe('bureau rules', () => {
  it('counts business days after the payment, skipping weekends and national holidays', () => {
    // Fri 2026-11-13: Mon 16, Tue 17, Wed 18, Thu 19, (Fri 20 Consciência Negra), Mon 23.
    assert.equal(removalDueOn('2026-11-13'), '2026-11-23');
    // Paid on a Saturday: the count starts on Monday.
    assert.equal(addBusinessDays('2026-11-07', 1), '2026-11-09');
    // Christmas and New Year: Thu 24 Dec → Mon 28, Tue 29, Wed 30, Thu 31, (Fri 1 Jan), Mon 4 Jan.
    assert.equal(removalDueOn('2026-12-24'), '2027-01-04');
  });

  it('expires five years after the oldest due date; 29 February falls back to 28 February', () => {
    assert.equal(expiresOn('2022-03-10'), '2027-03-10');
    assert.equal(expiresOn('2024-02-29'), '2029-02-28');
    assert.equal(expiresOn('2023-02-28'), '2028-02-28');
  });

  it('finds the state at the end of a Brazilian address and the notice period for it', () => {
    assert.equal(stateOfAddress('Av. Paulista, 1000, São Paulo - SP'), 'SP');
    assert.equal(stateOfAddress('Rua XV de Novembro 50, Curitiba/PR, 80020-310'), 'PR');
    assert.equal(stateOfAddress('Rua do Sol, 5, Lisboa'), null);
    assert.equal(stateOfAddress(null), null);
    assert.equal(noticeDaysFor('SP'), 10);
    assert.equal(noticeDaysFor(null), 10);
    assert.equal(noticeDaysFor('RJ', { RJ: 15 }), 15);
    assert.equal(listableOn('2026-11-06', 10), '2026-11-16');
  });
});
