import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { appendInteraction, appendInteractions, verifyContactRecord } from '../../src/use-cases/contact-record.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';
import { orgContextById } from '../support/org-context.ts';

describeEachEngine('contact record', (database) => {
  let orgId: string;
  let otherOrgId: string;
  before(async () => {
    orgId = (await createOrganisation(database().db, { slug: 'record', name: 'Record Ltda' })).id;
    otherOrgId = (await createOrganisation(database().db, { slug: 'other', name: 'Other Ltda' })).id;
  });

  const entry = (i: number) => ({
    occurredAt: new Date(Date.UTC(2026, 10, 1, 12, 0, 0, i)),
    customerId: null,
    actor: 'collector:ana',
    channel: 'phone',
    kind: 'call_logged',
    content: { outcome: 'promise', amount: { amount: `${i}.00`, currency: 'BRL' }, note: `call ${i} — "ok"` },
  });

  it('chains entries per organisation and verifies them', async () => {
    const db = database().db;
    await db.transaction().execute((trx) => appendInteractions(trx, orgId, [1, 2, 3].map(entry)));
    await db.transaction().execute((trx) => appendInteraction(trx, otherOrgId, entry(9)));
    await db.transaction().execute((trx) => appendInteraction(trx, orgId, entry(4)));
    const result = await verifyContactRecord(db, await orgContextById(db, orgId));
    assert.deepEqual([result.entries, result.broken], [4, null]);
    assert.deepEqual([(await verifyContactRecord(db, await orgContextById(db, otherOrgId))).entries], [1]);
  });

  it('refuses updates and deletes', async () => {
    const db = database().db;
    await assert.rejects(db.updateTable('interactions').set({ actor: 'mallory' }).where('organisation_id', '=', orgId).execute(), /append-only/);
    await assert.rejects(db.deleteFrom('interactions').where('organisation_id', '=', orgId).execute(), /append-only/);
  });

  it('names the first altered entry when someone edits the table behind the trigger', async () => {
    const db = database().db;
    await sql`alter table interactions disable trigger interactions_append_only`.execute(db);
    await sql`update interactions set content = jsonb_set(content, '{outcome}', '"refused"') where organisation_id = ${orgId} and seq = 2`.execute(db);
    await sql`alter table interactions enable trigger interactions_append_only`.execute(db);
    const result = await verifyContactRecord(db, await orgContextById(db, orgId));
    assert.deepEqual(result.broken, { seq: 2, reason: 'its content does not match its hash (altered)' });
    assert.equal(result.entries, 1);
  });
});
