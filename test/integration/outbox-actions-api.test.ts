import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { signedInOwner } from '../support/signed-in.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

type Message = { id: string; status: string; customer_external_id: string; cancel_reason: string | null; last_error: string | null; attempts: number };
type Entry = { kind: string; actor: string; content: Record<string, unknown> };

/** A Wednesday at 10:00 in São Paulo a week or more after the real clock (a retried message is due at the real now). */
function nextWednesdayAt10(): Date {
  const day = new Date(Date.now() + 7 * 86_400_000);
  day.setUTCDate(day.getUTCDate() + ((3 - day.getUTCDay() + 7) % 7));
  return new Date(`${day.toISOString().slice(0, 10)}T13:00:00.000Z`);
}

describeEachEngine('Messages: a person retries a failed message and cancels a waiting one; a sent message is refused', (database) => {
  let app: FastifyInstance;
  let org: Organisation;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let person: Awaited<ReturnType<typeof signedInOwner>>;
  let mailboxFull = true;

  before(async () => {
    const db = database().db;
    const created = await givenOrganisation(db, 'outbox-actions');
    org = await db.selectFrom('organisations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    app = await buildServer({ db });
    smtp = await startSmtpServer({
      rejectRecipient: (address) => (mailboxFull && address === 'carla@example.com' ? { code: 550, message: 'mailbox unavailable' } : undefined),
    });
    person = await signedInOwner(app, db, org);
  });
  after(async () => {
    await app?.close();
    await smtp?.close();
  });

  const deliver = (now: Date) =>
    deliverDue(database().db, org, now, deliveryDeps({ publicUrl: 'https://regua.test' }, { email: smtpTransport(smtp.url, 'cobranca@test') }));
  const messages = async (customer: string): Promise<Message[]> => (await person.call({ url: `/api/v1/outbox?customer=ext:${customer}` })).json().data;
  const record = async (customer: string): Promise<Entry[]> => (await person.call({ url: `/api/v1/customers/ext:${customer}/record?limit=100` })).json().data;
  const act = (id: string, action: 'retry' | 'cancel') =>
    person.call({ method: 'POST', url: `/api/v1/outbox/${id}/${action}`, ...(action === 'cancel' ? { payload: { reason: 'cliente ligou' } } : {}) });

  test('a bounced-back e-mail is sent again on retry; once sent, retry and cancel answer 409 with the reason', async () => {
    const db = database().db;
    // Carla: due Mon 9 Nov, so Tue 10 Nov is D+1, the friendly e-mail. Her mailbox refuses it (550): failed at once.
    const carla = await givenCustomer(db, org.id, { externalId: 'CARLA', contacts: [{ channel: 'email', address: 'carla@example.com' }] });
    await givenInvoice(db, org.id, carla, { externalId: 'NF-CARLA', issueDate: '2026-10-10', dueDate: '2026-11-09', amountMinor: 45_000 });
    const run = await person.call({ method: 'POST', url: '/api/v1/runs', payload: { as_of: '2026-11-10', now: '2026-11-10T13:00:00.000Z' } });
    assert.equal(run.statusCode, 200, run.body);
    assert.equal((await deliver(new Date('2026-11-10T13:00:00.000Z'))).failed, 1);
    const [failed] = await messages('CARLA');
    assert.equal(failed!.status, 'failed');
    assert.match(failed!.last_error!, /550/);

    const cancelFailed = await act(failed!.id, 'cancel');
    assert.equal(cancelFailed.statusCode, 409, cancelFailed.body);
    assert.match(cancelFailed.json().error.message, /failed: there is nothing left to cancel/);

    // The mailbox is fixed; the collector retries.
    mailboxFull = false;
    const retried = await act(failed!.id, 'retry');
    assert.equal(retried.statusCode, 200, retried.body);
    assert.deepEqual([retried.json().status, retried.json().attempts, retried.json().last_error], ['pending', 0, null]);
    assert.equal((await deliver(nextWednesdayAt10())).sent, 1);
    assert.equal(smtp.messages.filter((m) => m.envelope.to.includes('carla@example.com')).length, 1, 'Carla received the e-mail once');
    const [sent] = await messages('CARLA');
    assert.equal(sent!.status, 'sent');

    for (const action of ['retry', 'cancel'] as const) {
      const refused = await act(sent!.id, action);
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().error.code, action === 'retry' ? 'message_not_retriable' : 'message_not_cancellable');
      assert.match(refused.json().error.message, new RegExp(`already sent: it can no longer be ${action === 'retry' ? 'retried' : 'cancelled'}`));
    }

    const retryEntry = (await record('CARLA')).find((e) => e.kind === 'message_retried');
    assert.ok(retryEntry, 'the retry is on the contact record');
    assert.equal(retryEntry.actor, `user:${person.userId}`, 'with the id of the person who retried');
    assert.equal(retryEntry.content.previous_status, 'failed');
  });

  test('a WhatsApp message held for want of a transport is cancelled by the collector and never leaves', async () => {
    const db = database().db;
    // Ana: due Thu 5 Nov, so Tue 10 Nov is D+5, a WhatsApp message; there is no WhatsApp transport: held.
    const ana = await givenCustomer(db, org.id, { externalId: 'ANA', contacts: [{ channel: 'whatsapp', address: '+5511911112222' }] });
    await givenInvoice(db, org.id, ana, { externalId: 'NF-ANA', issueDate: '2026-10-06', dueDate: '2026-11-05', amountMinor: 120_000 });
    await person.call({ method: 'POST', url: '/api/v1/runs', payload: { as_of: '2026-11-10', now: '2026-11-10T13:00:00.000Z' } });
    await deliver(new Date('2026-11-10T13:00:00.000Z'));
    const [held] = await messages('ANA');
    assert.equal(held!.status, 'held');

    const retryHeld = await act(held!.id, 'retry');
    assert.equal(retryHeld.statusCode, 409);
    assert.match(retryHeld.json().error.message, /held: it is still waiting to be sent/);

    const cancelled = await act(held!.id, 'cancel');
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.deepEqual([cancelled.json().status, cancelled.json().cancel_reason], ['cancelled', 'cancelled_by_user']);
    const again = await act(held!.id, 'cancel');
    assert.equal(again.statusCode, 409);
    assert.match(again.json().error.message, /already cancelled/);

    // The next run of the same day does not write the step again, and delivery leaves it cancelled.
    const rerun = await person.call({ method: 'POST', url: '/api/v1/runs', payload: { as_of: '2026-11-10', now: '2026-11-10T14:00:00.000Z' } });
    assert.equal(rerun.json().actions.whatsapp, 0);
    await deliver(new Date('2026-11-10T14:00:00.000Z'));
    assert.deepEqual(
      (await messages('ANA')).map((m) => m.status),
      ['cancelled'],
    );
    const entry = (await record('ANA')).find((e) => e.kind === 'message_cancelled');
    assert.ok(entry);
    assert.equal(entry.actor, `user:${person.userId}`);
    assert.deepEqual([entry.content.reason, entry.content.note], ['cancelled_by_user', 'cliente ligou']);
  });

  test('an unknown message is 404', async () => {
    const missing = await act('00000000-0000-4000-8000-000000000000', 'retry');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'message_not_found');
  });
});
