import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverWebhooks } from '../../src/use-cases/webhooks/deliver-webhooks.ts';
import { createWebhookEndpoint } from '../../src/use-cases/webhooks/endpoints.ts';
import { verifyWebhook } from '../../src/use-cases/webhooks/signature.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startReceiver } from '../support/http-receiver.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';

describeEachEngine('outbound webhooks', (database) => {
  let org: Organisation;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret: string;
  const now = new Date('2026-11-17T13:00:00Z');

  before(async () => {
    const db = database().db;
    receiver = await startReceiver();
    org = await givenOrganisation(db, 'hooks');
    ({ secret } = await createWebhookEndpoint(db, org.id, `${receiver.url}/regua`, ['cadence.step_executed']));
    const customer = await givenCustomer(db, org.id, { externalId: 'HOOK' });
    await givenInvoice(db, org.id, customer, { externalId: 'H1', dueDate: '2026-11-16', amountMinor: 10000 });
  });
  after(() => receiver.close());

  it('signs each executed step in the Standard Webhooks style and retries a failing endpoint with backoff', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-11-17', now });
    receiver.failNext(503);
    const first = await deliverWebhooks(db, org.id, now);
    assert.deepEqual(first, { delivered: 0, retried: 1, failed: 0 });
    const log = await db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts', 'last_status_code', 'next_attempt_at'])
      .where('organisation_id', '=', org.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([log.status, log.attempts, log.last_status_code], ['pending', 1, 503]);
    assert.equal(new Date(log.next_attempt_at).getTime() - now.getTime(), 60_000);
    assert.deepEqual(await deliverWebhooks(db, org.id, now), { delivered: 0, retried: 0, failed: 0 }, 'not before its retry time');

    const later = new Date(now.getTime() + 61_000);
    assert.deepEqual(await deliverWebhooks(db, org.id, later), { delivered: 1, retried: 0, failed: 0 });
    const request = receiver.requests.at(-1)!;
    const headers = {
      id: String(request.headers['webhook-id']),
      timestamp: String(request.headers['webhook-timestamp']),
      signature: String(request.headers['webhook-signature']),
    };
    assert.ok(verifyWebhook(secret, headers, request.body, Math.floor(later.getTime() / 1000)), 'signature verifies');
    assert.ok(!verifyWebhook(secret, headers, request.body.replace('d+1', 'd+9'), Math.floor(later.getTime() / 1000)), 'a changed body does not');
    const event = JSON.parse(request.body) as { type: string; data: { step: string; customer_external_id: string } };
    assert.deepEqual([event.type, event.data.step, event.data.customer_external_id], ['cadence.step_executed', 'd+1-email', 'HOOK']);
    assert.equal(receiver.requests.length, 2);
  });
});
