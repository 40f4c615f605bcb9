import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Organisation } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { savePolicy } from '../../src/use-cases/cadence/policies.ts';
import { runCadence } from '../../src/use-cases/cadence/run-cadence.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenInvoice, givenOrganisation, outboxOf, tasksOf } from '../support/portfolio.ts';

describeEachEngine("API: a customer's own cadence policy (set on create, changed and cleared with PATCH)", (database) => {
  let app: FastifyInstance;
  let token: string;
  let org: Organisation;

  before(async () => {
    const db = database().db;
    org = await givenOrganisation(db, 'policy-override');
    token = (await createApiToken(db, org.id, 'test')).token;
    // A gentle policy for key accounts: a call at D+1 instead of the default's e-mail.
    await savePolicy(db, org.id, {
      name: 'key-accounts',
      version: 1,
      steps: [{ id: 'd+1-call', offsetDays: 1, channel: 'call_task', template: 'call_script', tone: 'friendly' }],
    });
    app = await buildServer({ db });
  });
  after(() => app?.close());

  const call = (options: InjectOptions) => app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...options.headers } });
  const customer = (externalId: string, extra: Record<string, unknown> = {}) =>
    call({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { external_id: externalId, name: `Cliente ${externalId}`, country: 'BR', email: `${externalId.toLowerCase()}@example.com`, ...extra },
    });

  test('an unknown policy is refused naming the field; a saved one is kept and shown', async () => {
    const unknown = await customer('K0', { cadence_policy_name: 'vip' });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json().error.details, [{ field: 'cadence_policy_name', reason: 'no cadence policy named "vip" (see GET /policies)' }]);
    const created = await customer('K1', { cadence_policy_name: 'key-accounts', phone: '+5511987654321' });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().cadence_policy_name, 'key-accounts');
    const plain = await customer('K2');
    assert.equal(plain.json().cadence_policy_name, null);
    const badPatch = await call({ method: 'PATCH', url: '/api/v1/customers/ext:K2', payload: { cadence_policy_name: 'nope' } });
    assert.equal(badPatch.statusCode, 400);
    assert.equal(badPatch.json().error.details[0].field, 'cadence_policy_name');
  });

  test('the daily run follows the override; PATCH null puts the customer back on the default policy', async () => {
    const db = database().db;
    const k1 = (await call({ url: '/api/v1/customers/ext:K1' })).json().id as string;
    const k2 = (await call({ url: '/api/v1/customers/ext:K2' })).json().id as string;
    await givenInvoice(db, org.id, k1, { externalId: 'NF-K1', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 10000 });
    await givenInvoice(db, org.id, k2, { externalId: 'NF-K2', issueDate: '2026-09-01', dueDate: '2026-10-01', amountMinor: 10000 });
    await runCadence(db, org, { asOf: '2026-10-02', now: new Date('2026-10-02T13:00:00Z') });
    assert.deepEqual(await tasksOf(db, org.id, k1), ['2026-10-02 d+1-call call']);
    assert.deepEqual(await outboxOf(db, org.id, k1), []);
    assert.equal((await outboxOf(db, org.id, k2)).length, 1, 'K2 follows the default: the D+1 e-mail');

    const cleared = await call({ method: 'PATCH', url: '/api/v1/customers/ext:K1', payload: { cadence_policy_name: null } });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json().cadence_policy_name, null);
    const changed = await db
      .selectFrom('interactions')
      .select('content')
      .where('organisation_id', '=', org.id)
      .where('customer_id', '=', k1)
      .where('kind', '=', 'customer_updated')
      .executeTakeFirstOrThrow();
    assert.deepEqual((changed.content as { changes: unknown }).changes, { cadence_policy_name: { from: 'key-accounts', to: null } });
    await runCadence(db, org, { asOf: '2026-10-06', now: new Date('2026-10-06T13:00:00Z') });
    assert.ok((await outboxOf(db, org.id, k1)).length >= 1, 'back on the default policy, K1 gets the default e-mail');
  });
});
