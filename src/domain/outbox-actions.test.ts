import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outboxActionRefusal } from './outbox-actions.ts';

test('a failed or bounced message may be retried; one that left or still waits may not', () => {
  assert.equal(outboxActionRefusal('retry', 'failed'), null);
  assert.equal(outboxActionRefusal('retry', 'bounced'), null);
  assert.match(outboxActionRefusal('retry', 'sent')!, /already sent: it can no longer be retried/);
  assert.match(outboxActionRefusal('retry', 'queued_for_print')!, /already queued for print/);
  assert.match(outboxActionRefusal('retry', 'pending')!, /still waiting/);
  assert.match(outboxActionRefusal('retry', 'cancelled')!, /cancelled/);
});

test('a pending or held message may be cancelled; one that left, failed or was cancelled may not', () => {
  assert.equal(outboxActionRefusal('cancel', 'pending'), null);
  assert.equal(outboxActionRefusal('cancel', 'held'), null);
  assert.match(outboxActionRefusal('cancel', 'delivered')!, /already delivered: it can no longer be cancelled/);
  assert.match(outboxActionRefusal('cancel', 'cancelled')!, /already cancelled/);
  assert.match(outboxActionRefusal('cancel', 'failed')!, /nothing left to cancel/);
});
