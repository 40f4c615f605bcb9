import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { verifyContactRecord } from '../../src/use-cases/contact-record.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';
import { orgContextById } from '../support/org-context.ts';

describeEachEngine('API: customers and contacts', (database) => {
  let app: FastifyInstance;
  let token: string;
  let tokenId: string;
  let organisationId: string;

  before(async () => {
    const db = database().db;
    organisationId = (await createOrganisation(db, { slug: 'acme', name: 'Acme' })).id;
    ({ token, id: tokenId } = await createApiToken(db, organisationId, 'test'));
    app = await buildServer({ db });
  });
  after(() => app?.close());

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  const post = (url: string, payload: object) => call({ method: 'POST', url, payload });
  const patch = (url: string, payload: object) => call({ method: 'PATCH', url, payload });

  async function interactions(customerId: string) {
    return database()
      .db.selectFrom('interactions')
      .select(['actor', 'kind', 'content', 'occurred_at'])
      .where('organisation_id', '=', organisationId)
      .where('customer_id', '=', customerId)
      .orderBy('seq')
      .execute();
  }

  test('create: validated and normalised like a CSV row, contacts from e-mail and phone, recorded', async () => {
    const response = await post('/api/v1/customers', {
      external_id: 'C-100',
      name: '  Padaria Silva ',
      tax_id: '11.222.333/0001-81',
      country: 'br',
      email: 'Financeiro@Silva.com.br',
      phone: '(11) 91234-5678',
      segment: 'retail',
      credit_limit: '5000.00',
    });
    assert.equal(response.statusCode, 201, response.body);
    const customer = response.json();
    assert.equal(customer.name, 'Padaria Silva');
    assert.equal(customer.country, 'BR');
    assert.equal(customer.tax_id, '11222333000181');
    assert.equal(customer.tax_id_kind, 'cnpj');
    assert.equal(customer.language, 'pt-BR');
    assert.equal(customer.timezone, 'America/Sao_Paulo');
    assert.deepEqual(customer.credit_limit, { amount: '5000.00', currency: 'BRL' });
    assert.deepEqual(customer.open_balance, []);
    assert.deepEqual(
      customer.contacts.map((c: { channel: string; address: string; role: string }) => [c.channel, c.address, c.role]),
      [
        ['email', 'financeiro@silva.com.br', 'billing'],
        ['phone', '+5511912345678', 'billing'],
      ],
    );
    const record = await interactions(customer.id);
    assert.deepEqual(
      record.map((r) => [r.actor, r.kind]),
      [[`api:${tokenId}`, 'customer_created']],
    );

    const byExternal = await call({ url: '/api/v1/customers/ext:C-100' });
    const byId = await call({ url: `/api/v1/customers/${customer.id}` });
    assert.deepEqual(byExternal.json(), customer);
    assert.deepEqual(byId.json(), customer);
  });

  test('create: an external_id already taken is 409 customer_exists naming the existing id', async () => {
    const first = await call({ url: '/api/v1/customers/ext:C-100' });
    const response = await post('/api/v1/customers', { external_id: 'C-100', name: 'Other', country: 'BR' });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'customer_exists');
    assert.equal(response.json().error.details.id, first.json().id);
  });

  test('patch: changes are saved, validated, and written to the contact record', async () => {
    const id = (await call({ url: '/api/v1/customers/ext:C-100' })).json().id;
    const response = await patch(`/api/v1/customers/${id}`, {
      name: 'Padaria Silva & Filhos',
      segment: null,
      credit_limit: '7500.5',
      status: 'paused',
      paused_until: '2026-12-31',
      language: 'en',
    });
    assert.equal(response.statusCode, 200, response.body);
    const customer = response.json();
    assert.equal(customer.name, 'Padaria Silva & Filhos');
    assert.equal(customer.segment, null);
    assert.deepEqual(customer.credit_limit, { amount: '7500.50', currency: 'BRL' });
    assert.equal(customer.status, 'paused');
    assert.equal(customer.paused_until, '2026-12-31');
    assert.equal(customer.language, 'en');
    assert.equal(customer.tax_id, '11222333000181', 'fields not in the patch stay');

    const updated = (await interactions(id)).filter((r) => r.kind === 'customer_updated');
    assert.equal(updated.length, 1);
    const changes = updated[0]!.content.changes as Record<string, { from: unknown; to: unknown }>;
    assert.deepEqual(changes.status, { from: 'active', to: 'paused' });
    assert.deepEqual(changes.credit_limit_minor, { from: 500000, to: 750050 });
    assert.deepEqual(Object.keys(changes).sort(), ['credit_limit_minor', 'language', 'name', 'paused_until', 'segment', 'status']);

    const same = await patch(`/api/v1/customers/${id}`, { status: 'paused' });
    assert.equal(same.statusCode, 200);
    assert.equal((await interactions(id)).filter((r) => r.kind === 'customer_updated').length, 1, 'a patch that changes nothing records nothing');

    const bad = await patch(`/api/v1/customers/${id}`, { timezone: 'Mars/Olympus', status: 'asleep', external_id: 'C-999' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
      ['external_id', 'status'],
    );
    const badZone = await patch(`/api/v1/customers/${id}`, { timezone: 'Mars/Olympus' });
    assert.equal(badZone.statusCode, 400);
    assert.deepEqual(
      badZone.json().error.details.map((d: { field: string }) => d.field),
      ['timezone'],
    );
    assert.equal((await call({ url: `/api/v1/customers/${id}` })).json().timezone, 'America/Sao_Paulo');
  });

  test('list: filters by name/external id/tax id prefix, country, segment and status', async () => {
    const rows = [
      { external_id: 'F-1', name: 'Mercado Azul', country: 'BR', segment: 'retail' },
      { external_id: 'F-2', name: 'Ferragens Azulão', country: 'BR', segment: 'industry' },
      { external_id: 'F-3', name: 'Tacos Azul', country: 'MX', segment: 'retail' },
      { external_id: 'G-1', name: 'Verde 100% Ltda', country: 'BR', segment: 'retail', tax_id: '529.982.247-25' },
    ];
    for (const row of rows) assert.equal((await post('/api/v1/customers', row)).statusCode, 201);
    await patch('/api/v1/customers/ext:F-2', { status: 'with_agency' });

    const ids = async (query: string) => (await call({ url: `/api/v1/customers?${query}` })).json().data.map((c: { external_id: string }) => c.external_id);
    assert.deepEqual(await ids('q=mercado'), ['F-1'], 'prefix of the name, case-insensitive');
    assert.deepEqual(await ids('q=Azul'), ['F-1', 'F-2', 'F-3'], 'or of a word in it');
    assert.deepEqual(await ids(`q=${encodeURIComponent('azulã')}`), ['F-2']);
    assert.deepEqual(await ids('q=F-'), ['F-1', 'F-2', 'F-3']);
    assert.deepEqual(await ids('q=529.982'), ['G-1'], 'tax id prefix, formatted or not');
    assert.deepEqual(await ids('q=100%25'), ['G-1'], 'a % in the search is a literal');
    assert.deepEqual(await ids('q=1%25'), []);
    assert.deepEqual(await ids('q=azu&country=BR'), ['F-1', 'F-2']);
    assert.deepEqual(await ids('q=azu&segment=retail'), ['F-1', 'F-3']);
    assert.deepEqual(await ids('status=with_agency'), ['F-2']);
  });

  test('pagination: 7 customers in pages of 3, no duplicate and no gap, in order', async () => {
    const wanted = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6', 'P-7'];
    for (const externalId of [...wanted].reverse()) {
      assert.equal((await post('/api/v1/customers', { external_id: externalId, name: `Page ${externalId}`, country: 'US' })).statusCode, 201);
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/customers?q=P-&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await call({ url: query })).json();
      pageSizes.push(page.data.length);
      seen.push(...page.data.map((c: { external_id: string }) => c.external_id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, wanted);
    assert.deepEqual(pageSizes, [3, 3, 1]);

    const exact = (await call({ url: '/api/v1/customers?q=P-&limit=7' })).json();
    assert.equal(exact.data.length, 7);
    assert.equal(exact.next_cursor, null, 'a full last page has no next cursor');
    assert.equal((await call({ url: '/api/v1/customers?limit=501' })).statusCode, 400);
  });

  test('contacts: add, list, change consent (recorded with its time), remove', async () => {
    const customer = (await call({ url: '/api/v1/customers/ext:F-1' })).json();
    const added = await post('/api/v1/customers/ext:F-1/contacts', { channel: 'whatsapp', address: '11 98888-7777', name: 'Dona Ana', role: 'owner' });
    assert.equal(added.statusCode, 201, added.body);
    const contact = added.json();
    assert.equal(contact.address, '+5511988887777');
    assert.equal(contact.consent, 'granted');
    assert.equal(contact.consent_changed_at, null);

    const duplicate = await post(`/api/v1/customers/${customer.id}/contacts`, { channel: 'whatsapp', address: '+55 11 98888-7777' });
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().error.code, 'contact_exists');
    const invalid = await post(`/api/v1/customers/${customer.id}/contacts`, { channel: 'email', address: 'not an e-mail' });
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(
      invalid.json().error.details.map((d: { field: string }) => d.field),
      ['address'],
    );

    assert.equal((await post(`/api/v1/customers/${customer.id}/contacts`, { channel: 'email', address: 'ana@azul.com.br' })).statusCode, 201);
    const list = (await call({ url: `/api/v1/customers/${customer.id}/contacts?limit=1` })).json();
    assert.deepEqual(
      list.data.map((c: { channel: string }) => c.channel),
      ['email'],
    );
    const rest = (await call({ url: `/api/v1/customers/${customer.id}/contacts?limit=1&cursor=${list.next_cursor}` })).json();
    assert.deepEqual(
      rest.data.map((c: { id: string }) => c.id),
      [contact.id],
    );
    assert.equal(rest.next_cursor, null);

    const before = Date.now();
    const optedOut = await patch(`/api/v1/contacts/${contact.id}`, { consent: 'opted_out' });
    assert.equal(optedOut.statusCode, 200, optedOut.body);
    assert.equal(optedOut.json().consent, 'opted_out');
    const changedAt = Date.parse(optedOut.json().consent_changed_at);
    assert.ok(changedAt >= before - 1000 && changedAt <= Date.now() + 1000);
    const consent = (await interactions(customer.id)).filter((r) => r.kind === 'consent_changed');
    assert.equal(consent.length, 1);
    assert.deepEqual(consent[0]!.content, { contact_id: contact.id, channel: 'whatsapp', address: '+5511988887777', from: 'granted', to: 'opted_out' });
    assert.equal(new Date(consent[0]!.occurred_at).getTime(), changedAt);

    const removed = await call({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}` });
    assert.equal(removed.statusCode, 204);
    assert.equal((await call({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}` })).statusCode, 404);
    const detail = (await call({ url: `/api/v1/customers/${customer.id}` })).json();
    assert.deepEqual(
      detail.contacts.map((c: { address: string }) => c.address),
      ['ana@azul.com.br'],
    );
    assert.ok((await interactions(customer.id)).some((r) => r.kind === 'contact_removed' && r.content.contact_id === contact.id));

    const verification = await verifyContactRecord(database().db, await orgContextById(database().db, organisationId));
    assert.equal(verification.broken, null, 'every API entry keeps the hash chain intact');
  });
});
