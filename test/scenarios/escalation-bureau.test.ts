import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Organisation } from '../../src/db/schema.ts';
import { isHoliday } from '../../src/domain/cadence/contact-window.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { overdueRemovals } from '../../src/use-cases/escalation/overdue-removals.ts';
import { reviewEscalations } from '../../src/use-cases/escalation/review-escalations.ts';
import { describeEachEngine } from '../support/engines.ts';
import { at10, bureauClient, contactKinds, listingOf, markDelivered, markSent, outboxIdOf } from '../support/escalation.ts';
import { startFakeBureau, type FakeBureau } from '../support/fake-providers/bureau.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment, tasksOf } from '../support/portfolio.ts';

describeEachEngine('bureau listing, a collector diary: notice, listing, payment, removal', (database) => {
  let org: Organisation;
  let mercado: string;
  let fake: FakeBureau;
  const review = (asOf: string) => reviewEscalations(database().db, org.id, asOf, at10(asOf), { bureau: bureauClient(fake) });
  const listingRequests = () => fake.requests.filter((r) => r.path === '/v1/listings');

  before(async () => {
    fake = await startFakeBureau();
    const db = database().db;
    org = await givenOrganisation(db, 'bureau-diary');
    mercado = await givenCustomer(db, org.id, { externalId: 'MERCADO', contacts: [{ channel: 'email', address: 'contas@mercado.example' }] });
    await givenInvoice(db, org.id, mercado, { externalId: 'NF-900', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 50000 });
  });
  after(() => fake.close());

  it('Fri 16 Oct (D+45), the first run: the cadence leaves a listing marker; the review sends the prior notice, nothing goes to the bureau', async () => {
    const db = database().db;
    await runCadence(db, org, { asOf: '2026-10-16', now: at10('2026-10-16') });
    assert.deepEqual(await tasksOf(db, org.id, mercado), ['2026-10-16 d+45-bureau-listing bureau_listing']);
    const result = await review('2026-10-16');
    assert.equal(result.listings_opened, 1);
    assert.equal(result.notices_queued, 1);
    assert.equal(result.waiting_for_delivery, 1);
    const notice = await db
      .selectFrom('outbox_messages')
      .select(['channel', 'recipient', 'template', 'status'])
      .where('organisation_id', '=', org.id)
      .where('step_id', '=', 'bureau-notice')
      .execute();
    assert.deepEqual(notice, [{ channel: 'email', recipient: 'contas@mercado.example', template: 'final_notice', status: 'pending' }]);
    assert.equal(listingRequests().length, 0);
  });

  it('Sat 17 Oct: the notice was sent but no delivery proof came: never listed, however long we wait', async () => {
    const db = database().db;
    const id = await outboxIdOf(db, org.id, mercado, 'final_notice');
    await markSent(db, org.id, id, new Date('2026-10-16T13:05:00Z'));
    for (const day of ['2026-10-17', '2026-10-27', '2026-11-05']) {
      const result = await review(day);
      assert.equal(result.waiting_for_delivery, 1, day);
      assert.equal(result.notices_queued, 0, 'no second notice while the first may still be delivered');
    }
    assert.equal(listingRequests().length, 0);
    const notice = await db.selectFrom('bureau_notices').selectAll().where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
    assert.equal(notice.outbox_message_id, id);
    assert.equal(notice.sent_at?.toISOString(), '2026-10-16T13:05:00.000Z');
    assert.equal(notice.delivered_at, null);
  });

  it('delivery proven on Fri 6 Nov at 09:00 local: the 10-day period (SP) runs from delivery; Sun 15 Nov waits, Mon 16 Nov lists', async () => {
    const db = database().db;
    await markDelivered(db, org.id, await outboxIdOf(db, org.id, mercado, 'final_notice'), new Date('2026-11-06T12:00:00Z'));
    const waiting = await review('2026-11-15');
    assert.equal(waiting.waiting_for_notice_period, 1);
    assert.equal(listingRequests().length, 0);

    const listed = await review('2026-11-16');
    assert.equal(listed.listed, 1);
    assert.equal(listingRequests().length, 1);
    const [sent] = [...fake.listings.values()];
    const body = sent!.body as {
      amount: unknown;
      debtor: { name: string; state: string };
      notice: { channel: string; sent_at: string; delivered_at: string };
      expires_on: string;
      oldest_due_date: string;
    };
    assert.deepEqual(body.amount, { amount: '500.00', currency: 'BRL' });
    assert.equal(body.debtor.state, 'SP');
    assert.deepEqual(body.notice, { channel: 'email', sent_at: '2026-10-16T13:05:00.000Z', delivered_at: '2026-11-06T12:00:00.000Z' });
    assert.equal(body.oldest_due_date, '2026-09-01');
    assert.equal(body.expires_on, '2031-09-01');
    const listing = await listingOf(db, org.id, mercado);
    assert.deepEqual(
      [listing.status, listing.protocol, listing.listed_on, listing.state, listing.notice_days],
      ['listed', sent!.protocol, '2026-11-16', 'SP', 10],
    );
    const marker = await db
      .selectFrom('tasks')
      .select('status')
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'bureau_listing')
      .executeTakeFirstOrThrow();
    assert.equal(marker.status, 'done');
  });

  it('the review again the same day sends nothing twice', async () => {
    const again = await review('2026-11-16');
    assert.equal(again.listed, 0);
    assert.equal(listingRequests().length, 1);
  });

  it('Tue 17 Nov, paid in full: removal due 5 business days later, Consciência Negra (Fri 20 Nov) not counted → Wed 25 Nov; the bureau is down', async () => {
    const db = database().db;
    assert.equal(isHoliday('2026-11-20', 'BR'), true);
    await givenPayment(db, org.id, mercado, { externalId: 'PIX-9', date: '2026-11-17', amountMinor: 50000 });
    fake.failRemovals = true;
    const result = await review('2026-11-17');
    assert.equal(result.removals_due, 1);
    assert.equal(result.removed, 0);
    assert.deepEqual(
      result.failures.map((f) => f.action),
      ['remove'],
    );
    // Wed 18 (1), Thu 19 (2), Fri 20 holiday, Mon 23 (3), Tue 24 (4), Wed 25 (5).
    const listing = await listingOf(db, org.id, mercado);
    assert.deepEqual([listing.paid_on, listing.removal_due_on, listing.status], ['2026-11-17', '2026-11-25', 'listed']);
    assert.ok((await tasksOf(db, org.id, mercado)).includes('2026-11-25 null bureau_removal_due'));
    assert.deepEqual(await overdueRemovals(db, org.id, '2026-11-25'), [], 'due that day is not yet overdue');
  });

  it('Thu 26 Nov: the bureau still fails; the overdue removal shows in the report', async () => {
    const db = database().db;
    await review('2026-11-26');
    const overdue = await overdueRemovals(db, org.id, '2026-11-26');
    assert.equal(overdue.length, 1);
    assert.deepEqual([overdue[0]!.customer_external_id, overdue[0]!.removal_due_on, overdue[0]!.days_overdue], ['MERCADO', '2026-11-25', 1]);
    assert.match(overdue[0]!.last_error ?? '', /503/);
    const task = await db
      .selectFrom('tasks')
      .select('status')
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'bureau_removal_due')
      .executeTakeFirstOrThrow();
    assert.equal(task.status, 'open');
  });

  it('Fri 27 Nov: the bureau is back; the removal goes through, the alert closes, the contact record tells the story', async () => {
    const db = database().db;
    fake.failRemovals = false;
    const result = await review('2026-11-27');
    assert.equal(result.removed, 1);
    const [listed] = [...fake.listings.values()];
    assert.deepEqual([listed!.status, listed!.removalReason], ['removed', 'paid']);
    assert.equal((await listingOf(db, org.id, mercado)).status, 'removed');
    assert.deepEqual(await overdueRemovals(db, org.id, '2026-11-27'), []);
    const task = await db
      .selectFrom('tasks')
      .select('status')
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'bureau_removal_due')
      .executeTakeFirstOrThrow();
    assert.equal(task.status, 'done');
    const kinds = (await contactKinds(db, org.id, mercado)).filter((k) => k.startsWith('bureau_'));
    assert.deepEqual(kinds, ['bureau_notice_queued', 'bureau_listed', 'bureau_removal_due', 'bureau_removed']);
  });
});

describeEachEngine('bureau listing: the cadence final notice is the prior notice', (database) => {
  let org: Organisation;
  let fake: FakeBureau;
  before(async () => {
    fake = await startFakeBureau();
  });
  after(() => fake.close());

  it('D+30 final notice delivered on 1 Oct; at D+45 the listing goes at once; a bounced notice is replaced, not trusted', async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'bureau-final-notice');
    const loja = await givenCustomer(db, org.id, { externalId: 'LOJA' });
    const oficina = await givenCustomer(db, org.id, { externalId: 'OFICINA' });
    await givenInvoice(db, org.id, loja, { externalId: 'NF-1', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 120000 });
    await givenInvoice(db, org.id, oficina, { externalId: 'NF-2', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 80000 });
    await runCadence(db, org, { asOf: '2026-10-01', now: at10('2026-10-01') });
    const lojaNotice = await outboxIdOf(db, org.id, loja, 'final_notice');
    await markSent(db, org.id, lojaNotice, at10('2026-10-01'));
    await markDelivered(db, org.id, lojaNotice, new Date('2026-10-01T13:01:00Z'));
    const oficinaNotice = await outboxIdOf(db, org.id, oficina, 'final_notice');
    await db
      .updateTable('outbox_messages')
      .set({ status: 'bounced', sent_at: at10('2026-10-01') })
      .where('organisation_id', '=', org.id)
      .where('id', '=', oficinaNotice)
      .execute();

    await runCadence(db, org, { asOf: '2026-10-16', now: at10('2026-10-16') });
    const result = await reviewEscalations(db, org.id, '2026-10-16', at10('2026-10-16'), { bureau: bureauClient(fake) });
    assert.deepEqual([result.listings_opened, result.listed, result.notices_queued, result.waiting_for_delivery], [2, 1, 1, 1]);
    assert.deepEqual(
      [...fake.listings.values()].map((l) => (l.body.debtor as { name: string }).name),
      ['Cliente LOJA'],
    );
    const lojaListing = await listingOf(db, org.id, loja);
    const notice = await db
      .selectFrom('bureau_notices')
      .select('outbox_message_id')
      .where('organisation_id', '=', org.id)
      .where('id', '=', lojaListing.notice_id!)
      .executeTakeFirstOrThrow();
    assert.equal(notice.outbox_message_id, lojaNotice);
    const fresh = await db
      .selectFrom('outbox_messages')
      .select('status')
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', oficina)
      .where('step_id', '=', 'bureau-notice')
      .execute();
    assert.deepEqual(fresh, [{ status: 'pending' }]);
  });
});

describeEachEngine('bureau listing: five years from the due date, the record goes (CDC art. 43 §1)', (database) => {
  let fake: FakeBureau;
  before(async () => {
    fake = await startFakeBureau();
  });
  after(() => fake.close());

  it('due 10 Mar 2022, listed in May 2022, still listed on 9 Mar 2027, removed as expired on 10 Mar 2027', async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'bureau-expiry');
    const bar = await givenCustomer(db, org.id, { externalId: 'BAR' });
    await givenInvoice(db, org.id, bar, { externalId: 'NF-OLD', issueDate: '2022-02-10', dueDate: '2022-03-10', amountMinor: 30000 });
    const bureau = bureauClient(fake);
    await runCadence(db, org, { asOf: '2022-04-24', now: at10('2022-04-24') });
    await reviewEscalations(db, org.id, '2022-04-24', at10('2022-04-24'), { bureau });
    const notice = await outboxIdOf(db, org.id, bar, 'final_notice');
    await markSent(db, org.id, notice, at10('2022-04-25'));
    await markDelivered(db, org.id, notice, at10('2022-04-25'));
    assert.equal((await reviewEscalations(db, org.id, '2022-05-05', at10('2022-05-05'), { bureau })).listed, 1);

    const before = await reviewEscalations(db, org.id, '2027-03-09', at10('2027-03-09'), { bureau });
    assert.equal(before.expired, 0);
    assert.equal([...fake.listings.values()][0]!.status, 'listed');
    const day = await reviewEscalations(db, org.id, '2027-03-10', at10('2027-03-10'), { bureau });
    assert.equal(day.expired, 1);
    const [listing] = [...fake.listings.values()];
    assert.deepEqual([listing!.status, listing!.removalReason], ['removed', 'expired']);
    const row = await listingOf(db, org.id, bar);
    assert.deepEqual([row.status, row.removal_reason, row.expires_on], ['removed', 'expired', '2027-03-10']);
  });

  it('a debt settled before the listing date is never listed', async () => {
    const db = database().db;
    const org = await givenOrganisation(db, 'bureau-settled');
    const cafe = await givenCustomer(db, org.id, { externalId: 'CAFE' });
    await givenInvoice(db, org.id, cafe, { externalId: 'NF-C', issueDate: '2026-08-01', dueDate: '2026-09-01', amountMinor: 10000 });
    const bureau = bureauClient(fake);
    const requestsBefore = fake.requests.length;
    await runCadence(db, org, { asOf: '2026-10-16', now: at10('2026-10-16') });
    await reviewEscalations(db, org.id, '2026-10-16', at10('2026-10-16'), { bureau });
    const notice = await outboxIdOf(db, org.id, cafe, 'final_notice');
    await markSent(db, org.id, notice, at10('2026-10-16'));
    await markDelivered(db, org.id, notice, at10('2026-10-16'));
    await givenPayment(db, org.id, cafe, { externalId: 'PIX-C', date: '2026-10-20', amountMinor: 10000 });
    const result = await reviewEscalations(db, org.id, '2026-10-26', at10('2026-10-26'), { bureau });
    assert.deepEqual([result.listed, result.cancelled], [0, 1]);
    assert.equal(fake.requests.length, requestsBefore);
    assert.equal((await listingOf(db, org.id, cafe)).status, 'cancelled');
  });
});
