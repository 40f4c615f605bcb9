import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isExpired, oneTimeTokenExpiry, oneTimeTokenUsable, sessionExpiry, sessionNeedsTouch } from './account-tokens.ts';

const now = new Date('2026-12-07T12:00:00Z');

test('an invitation lasts 7 days, a password reset 1 hour, a session 14 days from its last use', () => {
  assert.equal(oneTimeTokenExpiry('invitation', now).toISOString(), '2026-12-14T12:00:00.000Z');
  assert.equal(oneTimeTokenExpiry('password_reset', now).toISOString(), '2026-12-07T13:00:00.000Z');
  assert.equal(sessionExpiry(now).toISOString(), '2026-12-21T12:00:00.000Z');
});

test('a one-time token is usable once, until it expires (the expiry instant included as expired)', () => {
  const expires_at = new Date('2026-12-07T13:00:00Z');
  assert.equal(oneTimeTokenUsable({ expires_at, used_at: null }, now), true);
  assert.equal(oneTimeTokenUsable({ expires_at, used_at: now }, now), false);
  assert.equal(oneTimeTokenUsable({ expires_at, used_at: null }, expires_at), false);
  assert.equal(isExpired(expires_at, new Date('2026-12-07T12:59:59Z')), false);
});

test('a session is touched at most once a minute', () => {
  assert.equal(sessionNeedsTouch(new Date('2026-12-07T11:59:30Z'), now), false);
  assert.equal(sessionNeedsTouch(new Date('2026-12-07T11:59:00Z'), now), true);
});
