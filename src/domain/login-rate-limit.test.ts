import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideLogin } from './login-rate-limit.ts';

const now = new Date('2026-12-07T12:00:00Z');
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

test('five failures for an account within 15 minutes refuse the sixth until the oldest counted one leaves the window', () => {
  const failures = [1, 2, 3, 4, 10].map(minutesAgo);
  const decision = decideLogin(failures, failures, now);
  assert.deepEqual(decision, { allowed: false, scope: 'account', retryAt: new Date('2026-12-07T12:05:00Z') });
  assert.deepEqual(decideLogin(failures.slice(0, 4), failures.slice(0, 4), now), { allowed: true });
});

test('failures older than the window do not count', () => {
  assert.deepEqual(decideLogin([16, 20, 30, 40, 50].map(minutesAgo), [], now), { allowed: true });
});

test('twenty failures from one address refuse it, whatever the accounts', () => {
  const address = Array.from({ length: 20 }, (_, i) => minutesAgo(i % 14));
  const decision = decideLogin([], address, now);
  assert.equal(decision.allowed, false);
  assert.equal(decision.allowed === false && decision.scope, 'address');
  assert.equal(decideLogin([], address.slice(1), now).allowed, true);
});
