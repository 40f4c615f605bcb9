import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultContactCaps } from './contact-caps.ts';
import { allowedAt } from './send-time.ts';

const sp = 'America/Sao_Paulo';

describe('allowedAt: one send-time rule for the run and for delivery', () => {
  it('a contact inside the allowed hours with no recent contact goes now; letters and actions always go now', () => {
    const now = new Date('2026-11-17T14:00:00Z'); // Tuesday 11:00 in São Paulo
    assert.equal(allowedAt('email', now, sp, 'BR', [], defaultContactCaps), now);
    const sunday = new Date('2026-11-22T14:00:00Z');
    assert.equal(allowedAt('letter', sunday, sp, 'BR', [], defaultContactCaps), sunday);
    assert.equal(allowedAt('action', sunday, sp, 'BR', [], defaultContactCaps), sunday);
  });

  it('outside the hours: the next window (Sunday → Monday 08:00 in Brazil)', () => {
    assert.equal(allowedAt('sms', new Date('2026-11-22T14:00:00Z'), sp, 'BR', [], defaultContactCaps).toISOString(), '2026-11-23T11:00:00.000Z');
  });

  it('a cap that ends at night lands on the next window, which is checked against the caps again', () => {
    // An SMS Friday 19:30 local: the next one may go 48 h later, Sunday 19:30, a Sunday: Monday 08:00.
    const recent = [{ channel: 'sms' as const, at: new Date('2026-11-20T22:30:00Z') }];
    assert.equal(allowedAt('whatsapp', new Date('2026-11-21T12:00:00Z'), sp, 'BR', recent, defaultContactCaps).toISOString(), '2026-11-23T11:00:00.000Z');
  });
});
