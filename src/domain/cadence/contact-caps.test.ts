import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactCapsFor, contactCapsProblems, defaultContactCaps, earliestAllowedByCaps, type RecentContact } from './contact-caps.ts';
import type { Channel } from './policy.ts';

const hour = 3_600_000;
const day = 24 * hour;
const t0 = Date.parse('2026-06-01T13:00:00Z');
const contact = (channel: Channel, ms: number): RecentContact => ({ channel, at: new Date(ms) });
const earliest = (channel: Channel, ms: number, recent: RecentContact[], caps = defaultContactCaps) =>
  earliestAllowedByCaps(channel, new Date(ms), recent, caps).toISOString();
const iso = (ms: number) => new Date(ms).toISOString();

describe('contact caps', () => {
  it('defaults to 7 calls and 7 e-mails in 7 days and 48 hours between messages', () => {
    assert.deepEqual(defaultContactCaps, { callAttempts: { max: 7, perDays: 7 }, emails: { max: 7, perDays: 7 }, messagingMinHours: 48 });
  });

  it('a call a day for a week: the eighth waits until the first is seven days old', () => {
    const calls = [0, 1, 2, 3, 4, 5, 6].map((k) => contact('call_task', t0 + k * day));
    assert.equal(earliest('call_task', t0 + 6 * day + 2 * hour, calls), iso(t0 + 7 * day));
    assert.equal(earliest('call_task', t0 + 6 * day + 2 * hour, calls.slice(1)), iso(t0 + 6 * day + 2 * hour));
    // Seven days after the first call, it no longer counts.
    const at = new Date(t0 + 7 * day);
    assert.equal(earliestAllowedByCaps('call_task', at, calls, defaultContactCaps), at);
  });

  it('scheduled calls ahead count too: no eighth call may squeeze into any seven-day period', () => {
    // Calls booked 06-02 … 06-08 at 10:00; the period 06-02 10:00 to 06-09 10:00 holds all seven.
    const booked = [2, 3, 4, 5, 6, 7, 8].map((d) => contact('call_task', Date.parse(`2026-06-0${d}T10:00:00Z`)));
    assert.equal(earliest('call_task', Date.parse('2026-06-01T12:00:00Z'), booked), '2026-06-09T10:00:00.000Z');
  });

  it('honours configured call caps', () => {
    const caps = { callAttempts: { max: 2, perDays: 1 }, emails: { max: 7, perDays: 7 }, messagingMinHours: 48 };
    const calls = [contact('call_task', t0), contact('call_task', t0 + 3 * hour)];
    assert.equal(earliest('call_task', t0 + 5 * hour, calls, caps), iso(t0 + day));
    assert.equal(earliest('call_task', t0 + 5 * hour, calls.slice(0, 1), caps), iso(t0 + 5 * hour));
  });

  it('an SMS, then a WhatsApp message a day later waits until 48 hours have passed', () => {
    const recent = [contact('sms', t0)];
    assert.equal(earliest('whatsapp', t0 + day, recent), iso(t0 + 48 * hour));
    assert.equal(earliest('sms', t0 + 48 * hour, recent), iso(t0 + 48 * hour));
    assert.equal(earliest('sms', t0 + 47 * hour, [contact('whatsapp', t0)]), iso(t0 + 48 * hour));
  });

  it('keeps 48 hours from messages already scheduled after the requested instant', () => {
    assert.equal(earliest('sms', t0, [contact('whatsapp', t0 + 30 * hour)]), iso(t0 + 78 * hour));
    // Pushed past the first message, the request lands near the second and moves again.
    assert.equal(earliest('sms', t0 + 10 * hour, [contact('sms', t0), contact('sms', t0 + 60 * hour)]), iso(t0 + 108 * hour));
  });

  it('calls, texts and e-mails do not limit each other; letters and actions are never capped', () => {
    const busy = [0, 1, 2, 3, 4, 5, 6].map((k) => contact('call_task', t0 + k * hour)).concat([contact('sms', t0), contact('whatsapp', t0)]);
    for (const channel of ['email', 'letter', 'action'] as const) assert.equal(earliest(channel, t0 + 7 * hour, busy), iso(t0 + 7 * hour));
    assert.equal(earliest('sms', t0 + 48 * hour, busy), iso(t0 + 48 * hour));
    assert.equal(earliest('call_task', t0, [contact('sms', t0), contact('whatsapp', t0)]), iso(t0));
  });

  it('rejects caps that could never be met', () => {
    assert.throws(
      () => earliest('call_task', t0, [], { callAttempts: { max: 0, perDays: 7 }, emails: { max: 7, perDays: 7 }, messagingMinHours: 48 }),
      /positive integer/,
    );
    assert.throws(
      () => earliest('call_task', t0, [], { callAttempts: { max: 7, perDays: 0 }, emails: { max: 7, perDays: 7 }, messagingMinHours: 48 }),
      /perDays/,
    );
    assert.throws(
      () => earliest('sms', t0, [], { callAttempts: { max: 7, perDays: 7 }, emails: { max: 7, perDays: 7 }, messagingMinHours: -1 }),
      /messagingMinHours/,
    );
  });

  it('caps e-mail too: an eighth e-mail in seven days waits, and an organisation may set fewer', () => {
    const mails = [0, 1, 2, 3, 4, 5, 6].map((k) => contact('email', t0 + k * day));
    assert.equal(earliest('email', t0 + 6 * day + hour, mails), iso(t0 + 7 * day));
    const three = { ...defaultContactCaps, emails: { max: 3, perDays: 7 } };
    assert.equal(earliest('email', t0 + 2 * day + hour, mails.slice(0, 3), three), iso(t0 + 7 * day));
  });

  it('caps follow the debtor country: the organisation’s entry, its *, the law, the defaults', () => {
    const mine = { ...defaultContactCaps, emails: { max: 2, perDays: 7 } };
    assert.deepEqual(contactCapsFor('US'), { ...defaultContactCaps, callAttempts: { max: 7, perDays: 7 } });
    assert.equal(contactCapsFor('br', { BR: mine }), mine);
    assert.equal(contactCapsFor('MX', { BR: defaultContactCaps, '*': mine }), mine);
    assert.equal(contactCapsFor('MX', { BR: mine }), defaultContactCaps);
  });

  it('refuses configured caps beyond what the law allows (Regulation F: 7 calls in 7 days) or that make no sense', () => {
    assert.deepEqual(contactCapsProblems('US', { ...defaultContactCaps, callAttempts: { max: 8, perDays: 7 } }), [
      { field: 'callAttempts', reason: 'US law allows at most 7 calls in 7 days' },
    ]);
    assert.deepEqual(
      contactCapsProblems('US', { ...defaultContactCaps, callAttempts: { max: 7, perDays: 5 } }).map((p) => p.field),
      ['callAttempts'],
    );
    assert.deepEqual(contactCapsProblems('BR', { ...defaultContactCaps, callAttempts: { max: 10, perDays: 7 } }), []);
    assert.deepEqual(
      contactCapsProblems('*', { ...defaultContactCaps, emails: { max: 0, perDays: 60 } }).map((p) => p.field),
      ['emails.max', 'emails.perDays'],
    );
  });
});
