import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import type { Organisation } from '../../src/db/schema.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { deliverDue } from '../../src/use-cases/delivery/deliver-messages.ts';
import { deliveryDeps } from '../../src/use-cases/delivery/delivery-deps.ts';
import { at10, givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenCustomer, givenInvoice, givenOrganisation } from '../support/portfolio.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

/** The business caps e-mail at one a week for Brazilian debtors; the run schedules and the delivery sends by the same rule. */
describeEachEngine('contact caps per jurisdiction, configured by the business', (database) => {
  let org: Organisation;
  let api: ApiClient;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const weekly = { calls: { max: 7, per_days: 7 }, emails: { max: 1, per_days: 7 }, messaging_min_hours: 48 };

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'caps');
    api = await givenApi(db, org.id);
    smtp = await startSmtpServer();
    const padaria = await givenCustomer(db, org.id, { externalId: 'PADARIA', contacts: [{ channel: 'email', address: 'padaria@example.com' }] });
    // Due Thu 12 Nov: D-3 on Mon 9 Nov, D+1 on Fri 13 Nov.
    await givenInvoice(db, org.id, padaria, { externalId: 'NF-1', issueDate: '2026-10-12', dueDate: '2026-11-12', amountMinor: 45_000 });
  });
  after(async () => {
    await api.close();
    await smtp.close();
  });

  const deliver = (now: Date) =>
    deliverDue(database().db, org, now, deliveryDeps({ publicUrl: 'https://cobranca.example' }, { email: smtpTransport(smtp.url, 'cobranca@test') }));
  const reload = async () => (org = await database().db.selectFrom('organisations').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow());

  it('the caps are read and set per country; the law of the country bounds them', async () => {
    const before = await api.get('/api/v1/settings/contact-caps');
    assert.equal(before.statusCode, 200, before.body);
    assert.deepEqual(before.json().effective.US.calls, { max: 7, per_days: 7 }, 'Regulation F');

    const refused = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/contact-caps',
      headers: { authorization: api.authorization },
      payload: { by_country: { US: { ...weekly, calls: { max: 10, per_days: 7 } } } },
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.deepEqual(
      refused.json().error.details.map((d: { field: string }) => d.field),
      ['contact_caps.US.calls'],
    );

    const saved = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/contact-caps',
      headers: { authorization: api.authorization },
      payload: { by_country: { br: weekly } },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json().by_country, { BR: weekly });
    assert.deepEqual(saved.json().effective.BR, weekly);
    await reload();
  });

  it('Mon 9 Nov (D-3): the courtesy e-mail goes out', async () => {
    await runCadence(database().db, org, { asOf: '2026-11-09', now: at10('2026-11-09') });
    assert.equal((await deliver(at10('2026-11-09'))).sent, 1);
  });

  it('Fri 13 Nov (D+1): the reminder is decided but waits a week after the last e-mail; delivery agrees and sends it on Mon 16 Nov', async () => {
    const summary = await runCadence(database().db, org, { asOf: '2026-11-13', now: at10('2026-11-13') });
    assert.equal(summary.deferred, 1);
    const row = await database()
      .db.selectFrom('outbox_messages')
      .select(['next_attempt_at'])
      .where('organisation_id', '=', org.id)
      .where('step_id', '=', 'd+1-email')
      .executeTakeFirstOrThrow();
    assert.equal(new Date(row.next_attempt_at).toISOString(), '2026-11-16T13:00:00.000Z');

    assert.equal((await deliver(at10('2026-11-13'))).sent, 0);
    // Released early by hand, delivery still holds it to the cap.
    await database()
      .db.updateTable('outbox_messages')
      .set({ next_attempt_at: at10('2026-11-14') })
      .where('organisation_id', '=', org.id)
      .where('step_id', '=', 'd+1-email')
      .execute();
    assert.deepEqual(await deliver(at10('2026-11-14')), { sent: 0, retried: 0, failed: 0, deferred: 1, held: 0, cancelled: 0 });
    assert.equal((await deliver(at10('2026-11-16'))).sent, 1);
    assert.deepEqual(
      smtp.messages.map((m) => m.to),
      ['padaria@example.com', 'padaria@example.com'],
    );
  });
});
