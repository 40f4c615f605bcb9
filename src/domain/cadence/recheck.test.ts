import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recheckMessage, type QueuedMessage } from './recheck.ts';
import type { CustomerSnapshot, ReceivableState } from './snapshot.ts';

const invoice = (id: string, overrides: Partial<ReceivableState> = {}): ReceivableState => ({
  id,
  currency: 'BRL',
  dueDate: '2026-11-02',
  openMinor: 100_000,
  disputed: false,
  promisedUntil: null,
  inPlanGoodStanding: false,
  ...overrides,
});

const snapshot = (receivables: ReceivableState[], overrides: Partial<CustomerSnapshot> = {}): CustomerSnapshot => ({
  customerId: 'cus-1',
  country: 'BR',
  segment: null,
  tier: null,
  riskBand: null,
  partyType: 'business',
  status: 'active',
  pausedUntil: null,
  contacts: [{ id: 'ct-1', channel: 'email', address: 'a@example.com', consent: 'granted', language: 'pt-BR', timezone: 'America/Sao_Paulo' }],
  receivables,
  unallocatedCreditMinor: {},
  toleranceMinor: {},
  history: [],
  ...overrides,
});

const message: QueuedMessage = { currency: 'BRL', contactId: 'ct-1', receivableIds: ['i1', 'i2'] };
const asOf = '2026-11-04';

describe('recheckMessage: the cadence rules again at send time', () => {
  it('keeps what is still true, in the message order', () => {
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1'), invoice('i2')]), asOf), { send: true, receivableIds: ['i1', 'i2'] });
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1', { disputed: true }), invoice('i2')]), asOf), { send: true, receivableIds: ['i2'] });
  });

  it('cancels when nothing is left open, and says settled', () => {
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i3')]), asOf), { send: false, reason: 'settled' });
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1', { openMinor: 0 })]), asOf), { send: false, reason: 'settled' });
  });

  it('cancels with the receivable rule that stopped every listed invoice', () => {
    assert.deepEqual(
      recheckMessage(message, snapshot([invoice('i1', { promisedUntil: '2026-11-12' }), invoice('i2', { promisedUntil: '2026-11-12' })]), asOf),
      { send: false, reason: 'promise_to_pay' },
    );
    assert.deepEqual(
      recheckMessage(message, snapshot([invoice('i1', { promisedUntil: '2026-11-03' })]), asOf),
      { send: true, receivableIds: ['i1'] },
      'a promise past its grace no longer protects',
    );
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1', { inPlanGoodStanding: true })]), asOf), { send: false, reason: 'payment_plan' });
  });

  it('cancels for the customer state, as evaluate suppresses', () => {
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1')], { status: 'with_agency' }), asOf), { send: false, reason: 'with_agency' });
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1')], { pausedUntil: '2026-11-04' }), asOf), { send: false, reason: 'customer_paused' });
    assert.deepEqual(
      recheckMessage(message, snapshot([invoice('i1')], { status: 'paused', pausedUntil: '2026-11-03' }), asOf),
      { send: true, receivableIds: ['i1'] },
      'an expired pause',
    );
  });

  it('cancels a debt now below tolerance or covered by unallocated credit', () => {
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1', { openMinor: 500 })], { toleranceMinor: { BRL: 1000 } }), asOf), {
      send: false,
      reason: 'below_tolerance',
    });
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1')], { unallocatedCreditMinor: { BRL: 100_000 } }), asOf), {
      send: false,
      reason: 'covered_by_credit',
    });
  });

  it('cancels when the contact withdrew consent or is gone; a letter needs no contact', () => {
    const optedOut = snapshot([invoice('i1')]);
    optedOut.contacts[0]!.consent = 'opted_out';
    assert.deepEqual(recheckMessage(message, optedOut, asOf), { send: false, reason: 'opted_out' });
    assert.deepEqual(recheckMessage(message, snapshot([invoice('i1')], { contacts: [] }), asOf), { send: false, reason: 'no_contact' });
    assert.deepEqual(recheckMessage({ ...message, contactId: null }, snapshot([invoice('i1')], { contacts: [] }), asOf), { send: true, receivableIds: ['i1'] });
  });
});
