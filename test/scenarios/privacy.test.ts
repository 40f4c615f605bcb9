import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { verifyContactRecord } from '../../src/use-cases/contact-record.ts';
import { sweepRetention } from '../../src/use-cases/privacy/retention-sweep.ts';
import { organisationById } from '../../src/stores/organisations.ts';
import { givenApi, type ApiClient } from '../support/account-work.ts';
import { describeEachEngine } from '../support/engines.ts';
import { orgContextById } from '../support/org-context.ts';
import { givenCustomer, givenInvoice, givenOrganisation, givenPayment } from '../support/portfolio.ts';

/** Every row of every table as text: what a data-protection officer would grep for the debtor's data. */
async function everythingStored(db: Db): Promise<string> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  let text = '';
  for (const { name } of tables) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(db);
    text += rows.map((r) => r.row).join('\n');
  }
  return text;
}

describeEachEngine('privacy: a debtor asks for their data, then for its erasure once the debt is paid', (database) => {
  let api: ApiClient;
  let orgId = '';
  let mariaId = '';
  let invoiceId = '';

  it('Maria owes NF-1; a collector logs her call; an admin exports everything held about her', async () => {
    const { db } = database();
    const org = await givenOrganisation(db, 'privacy');
    orgId = org.id;
    mariaId = await givenCustomer(db, org.id, {
      externalId: 'MARIA',
      name: 'Maria Aparecida Souza',
      contacts: [{ channel: 'email', address: 'maria.souza@example.com' }],
    });
    await db.updateTable('customers').set({ tax_id: '529.982.247-25', tax_id_kind: 'cpf' }).where('id', '=', mariaId).execute();
    invoiceId = await givenInvoice(db, org.id, mariaId, { externalId: 'NF-1', dueDate: '2026-10-01', amountMinor: 50000 });
    api = await givenApi(db, org.id);
    const call = await api.post(`/api/v1/customers/${mariaId}/interactions`, {
      channel: 'phone',
      kind: 'call_outcome',
      outcome: 'reached',
      text: 'Maria Aparecida says her shop on Rua Harmonia 42 reopens next week',
    });
    assert.equal(call.statusCode, 201, call.body);

    const exported = await api.get(`/api/v1/customers/ext:MARIA/personal-data`);
    assert.equal(exported.statusCode, 200, exported.body);
    const body = exported.json() as { format: string; controller: { tax_id: string }; tables: Record<string, Record<string, unknown>[]> };
    assert.equal(body.format, 'regua.personal-data/1');
    assert.equal(body.controller.tax_id, '11.222.333/0001-81');
    assert.equal(body.tables.customers![0]!.name, 'Maria Aparecida Souza');
    assert.equal(body.tables.contacts![0]!.address, 'maria.souza@example.com');
    assert.equal(body.tables.invoices![0]!.external_id, 'NF-1');
    assert.ok(body.tables.interactions!.some((e) => JSON.stringify(e.content).includes('Rua Harmonia 42')));
  });

  it('a viewer may not read the whole personal data, nor erase it', async () => {
    const { token } = await createApiToken(database().db, orgId, 'viewer', 'viewer');
    const asViewer = { authorization: `Bearer ${token}` };
    assert.equal((await api.app.inject({ url: `/api/v1/customers/${mariaId}/personal-data`, headers: asViewer })).statusCode, 403);
    const erase = await api.app.inject({ method: 'POST', url: `/api/v1/customers/${mariaId}/erasure`, headers: asViewer, payload: { reason: 'x' } });
    assert.equal(erase.statusCode, 403);
  });

  it('while NF-1 is open her erasure request is refused, and nothing is erased', async () => {
    const refused = await api.post(`/api/v1/customers/${mariaId}/erasure`, { reason: 'data subject request of 2026-12-01' });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().error.message, /1 open invoice/);
    assert.match(await everythingStored(database().db), /Maria Aparecida Souza/);
  });

  it('once NF-1 is paid the erasure goes through: her name, tax id, e-mail and call notes are gone, the amounts stay, the chain still verifies', async () => {
    const { db } = database();
    await givenPayment(db, orgId, mariaId, { externalId: 'PIX-1', date: '2026-12-03', amountMinor: 50000, invoiceId });
    const erased = await api.post(`/api/v1/customers/${mariaId}/erasure`, { reason: 'data subject request of 2026-12-01' });
    assert.equal(erased.statusCode, 200, erased.body);
    const result = erased.json() as { basis: string; counts: Record<string, number> };
    assert.equal(result.basis, 'request');
    assert.equal(result.counts.customers, 1);
    assert.ok(result.counts.interactions! >= 1);

    const stored = await everythingStored(db);
    for (const personal of ['Maria Aparecida', 'maria.souza@example.com', '529.982.247-25', '52998224725', 'Rua Harmonia']) {
      assert.equal(stored.includes(personal), false, `"${personal}" is still stored`);
    }
    const invoice = await db.selectFrom('invoices').select(['amount_minor', 'paid_minor', 'status']).where('id', '=', invoiceId).executeTakeFirstOrThrow();
    assert.deepEqual([Number(invoice.amount_minor), Number(invoice.paid_minor), invoice.status], [50000, 50000, 'paid']);

    const verification = await verifyContactRecord(db, await orgContextById(db, orgId));
    assert.equal(verification.broken, null);
    assert.ok(verification.erased >= 1);
    assert.equal((await api.get('/api/v1/contact-record/verify')).statusCode, 200);

    const record = await db.selectFrom('privacy_erasures').select(['basis', 'reason', 'actor']).where('customer_id', '=', mariaId).execute();
    assert.deepEqual(
      record.map((r) => [r.basis, r.reason]),
      [['request', 'data subject request of 2026-12-01']],
    );
    const entry = await db
      .selectFrom('interactions')
      .select(['kind', 'content'])
      .where('customer_id', '=', mariaId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(entry.kind, 'privacy_erased');
  });

  it('the record stays append-only: changing an entry outside an erasure is refused', async () => {
    await assert.rejects(
      sql`update interactions set content = '{"erased": true}'::jsonb, erased_at = now() where organisation_id = ${orgId} and kind = 'privacy_erased'`.execute(
        database().db,
      ),
      /append-only/,
    );
    await assert.rejects(sql`update interactions set actor = 'mallory' where organisation_id = ${orgId}`.execute(database().db), /append-only/);
  });

  it('five years on, the daily sweep erases a closed debt past its retention and leaves an open one and a recent one alone', async () => {
    const { db } = database();
    const closed = await givenCustomer(db, orgId, { externalId: 'CLOSED', name: 'Joaquim Closed' });
    const open = await givenCustomer(db, orgId, { externalId: 'OPEN', name: 'Olga Open' });
    const recent = await givenCustomer(db, orgId, { externalId: 'RECENT', name: 'Rita Recent' });
    const nf2 = await givenInvoice(db, orgId, closed, { externalId: 'NF-2', dueDate: '2026-11-01', amountMinor: 1000 });
    await givenPayment(db, orgId, closed, { externalId: 'P-2', date: '2026-11-05', amountMinor: 1000, invoiceId: nf2 });
    await givenInvoice(db, orgId, open, { externalId: 'NF-3', dueDate: '2026-11-01', amountMinor: 1000 });
    const nf4 = await givenInvoice(db, orgId, recent, { externalId: 'NF-4', dueDate: '2031-05-01', amountMinor: 1000 });
    await givenPayment(db, orgId, recent, { externalId: 'P-4', date: '2031-06-01', amountMinor: 1000, invoiceId: nf4 });

    const org = await organisationById(db, orgId);
    const sweep = await sweepRetention(db, { org, actor: 'system', now: new Date('2032-01-10T12:00:00Z') });
    assert.equal(sweep.erased, 1);
    const nameOf = async (id: string) => (await db.selectFrom('customers').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name;
    assert.deepEqual([await nameOf(closed), await nameOf(open), await nameOf(recent)], [`erased ${closed.slice(0, 8)}`, 'Olga Open', 'Rita Recent']);
    const basis = await db.selectFrom('privacy_erasures').select('basis').where('customer_id', '=', closed).executeTakeFirstOrThrow();
    assert.equal(basis.basis, 'retention');
    assert.equal((await verifyContactRecord(db, await orgContextById(db, orgId))).broken, null);
    await api.close();
  });
});
