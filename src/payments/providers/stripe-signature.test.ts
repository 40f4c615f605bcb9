import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { verifyStripeSignature } from './stripe-signature.ts';

const secret = 'whsec_test';
const payload = Buffer.from('{"id":"evt_1"}');
const now = new Date('2026-12-07T12:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);

function header(t: number): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(payload).digest('hex')}`;
}

describe('Stripe webhook signatures: the timestamp window', () => {
  it('accepts a delivery signed now, a little ago, or a little ahead (clock skew)', () => {
    for (const t of [nowSeconds, nowSeconds - 299, nowSeconds + 60]) assert.doesNotThrow(() => verifyStripeSignature(payload, header(t), [secret], now));
  });

  it('refuses one signed more than the tolerance ago', () => {
    assert.throws(() => verifyStripeSignature(payload, header(nowSeconds - 301), [secret], now), /301 s old/);
  });

  it('refuses one signed far in the future: it could otherwise be replayed until then', () => {
    assert.throws(() => verifyStripeSignature(payload, header(nowSeconds + 86_400), [secret], now), /86400 s in the future/);
  });
});
