import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Organisation } from '../../src/db/schema.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { describeEachEngine } from '../support/engines.ts';
import { givenOrganisation } from '../support/portfolio.ts';
import { signedInOwner } from '../support/signed-in.ts';

type OwnSession = { id: string; current: boolean; user_agent: string | null };

describeEachEngine('Settings: a person sees and signs out their own sessions, and creates API tokens shown once', (database) => {
  let app: FastifyInstance;
  let org: Organisation;
  let person: Awaited<ReturnType<typeof signedInOwner>>;

  before(async () => {
    const db = database().db;
    const created = await givenOrganisation(db, 'own-sessions');
    org = await db.selectFrom('organisations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    app = await buildServer({ db });
    person = await signedInOwner(app, db, org);
  });
  after(async () => {
    await app?.close();
  });

  test('the owner signed in on a laptop and a phone lists both and signs the lost phone out', async () => {
    const phone = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'user-agent': 'Phone Browser' },
      payload: { email: person.email, password: person.password },
    });
    assert.equal(phone.statusCode, 200, phone.body);
    const phoneCookie = phone.cookies.find((c) => c.name === 'regua_session')!.value;
    const asPhone = () => app.inject({ url: '/api/v1/me', cookies: { regua_session: phoneCookie } });
    assert.equal((await asPhone()).statusCode, 200);

    const listed: OwnSession[] = (await person.call({ url: '/api/auth/sessions' })).json().data;
    assert.equal(listed.length, 2);
    assert.equal(listed.filter((s) => s.current).length, 1, 'this browser is marked current');
    const lost = listed.find((s) => s.user_agent === 'Phone Browser');
    assert.ok(lost && !lost.current);

    const withoutCsrf = await app.inject({ method: 'DELETE', url: `/api/auth/sessions/${lost.id}`, cookies: { regua_session: person.cookie } });
    assert.equal(withoutCsrf.statusCode, 403, 'a cookie mutation without the CSRF token is refused');
    const revoked = await person.call({ method: 'DELETE', url: `/api/auth/sessions/${lost.id}` });
    assert.equal(revoked.statusCode, 204, revoked.body);
    assert.equal((await asPhone()).statusCode, 401, "the phone's cookie is refused from now on");
    assert.deepEqual(
      (await person.call({ url: '/api/auth/sessions' })).json().data.map((s: OwnSession) => s.current),
      [true],
    );
    const again = await person.call({ method: 'DELETE', url: `/api/auth/sessions/${lost.id}` });
    assert.equal(again.statusCode, 404);
    assert.equal((await app.inject({ url: '/api/auth/sessions' })).statusCode, 401, 'without a session: 401');
  });

  test('an API token created in Settings works at once with its role, is listed without its secret, and is on the record', async () => {
    const created = await person.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: 'ERP', role: 'collector' } });
    assert.equal(created.statusCode, 201, created.body);
    const { id, token, name, revoked_at: revokedAt } = created.json();
    assert.deepEqual([name, revokedAt], ['ERP', null]);
    const asToken = (method: 'GET' | 'POST', url: string) => app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: {} });
    assert.equal((await asToken('GET', '/api/v1/customers')).statusCode, 200);
    assert.equal((await asToken('POST', '/api/v1/api-tokens')).statusCode, 403, 'a collector token may not create tokens');

    const listed = (await person.call({ url: '/api/v1/api-tokens' })).json().data;
    const entry = listed.find((t: { id: string }) => t.id === id);
    assert.ok(entry);
    assert.equal(entry.token, undefined, 'the secret is never listed');
    const db = database().db;
    const record = await db
      .selectFrom('interactions')
      .select(['actor', 'content'])
      .where('organisation_id', '=', org.id)
      .where('kind', '=', 'settings_changed')
      .execute();
    const change = record.find((r) => (r.content as { settings: string }).settings === 'api_token_created');
    assert.ok(change);
    assert.equal(change.actor, `user:${person.userId}`);
  });

  test('an admin may not create an owner token; a blank name is refused', async () => {
    const admin = (await createApiToken(database().db, org.id, 'admin', 'admin')).token;
    const owner = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${admin}` },
      payload: { name: 'x', role: 'owner' },
    });
    assert.equal(owner.statusCode, 403, owner.body);
    assert.match(owner.json().error.message, /your role \(admin\) may not create a token with the role owner/);
    const blank = await person.call({ method: 'POST', url: '/api/v1/api-tokens', payload: { name: '   ' } });
    assert.equal(blank.statusCode, 400);
  });
});
