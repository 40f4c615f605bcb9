import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { smtpTransport } from '../../src/channels/email/smtp-transport.ts';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { deliverAccountEmails } from '../../src/use-cases/users/deliver-account-emails.ts';
import { inviteUser } from '../../src/use-cases/users/invite-user.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startSmtpServer } from '../support/smtp-server.ts';

const publicUrl = 'https://regua.example';

describeEachEngine('Users and roles: every /api/v1 route checks the role; cookie sessions with CSRF; invitations by e-mail', (database) => {
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const tokens: Record<string, string> = {};
  let acmeId: string;
  const routes: { method: string; url: string }[] = [];

  before(async () => {
    const db = database().db;
    const acme = await createOrganisation(db, { slug: 'acme', name: 'Acme' });
    acmeId = acme.id;
    for (const role of ['viewer', 'collector', 'admin', 'owner'] as const) tokens[role] = (await createApiToken(db, acme.id, role, role)).token;
    tokens.legacy = (await createApiToken(db, acme.id, 'no role given')).token;
    app = await buildServer({ db, receipts: { publicUrl, secrets: { twilioAuthToken: undefined, whatsapp: undefined } } });
    app.addHook('onRoute', () => undefined);
    smtp = await startSmtpServer();
  });
  after(async () => {
    await app?.close();
    await smtp?.close();
  });

  const asToken = (role: string, options: InjectOptions) =>
    app.inject({ ...options, headers: { authorization: `Bearer ${tokens[role]}`, ...options.headers } });

  function v1Routes(): { method: string; url: string }[] {
    if (routes.length > 0) return routes;
    const document = app.swagger() as { paths: Record<string, Record<string, { 'x-required-role'?: string }>> };
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(operations))
        routes.push({ method: method.toUpperCase(), url: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000') });
    }
    return routes;
  }

  test('every /api/v1 route: a viewer reads every GET (but a debtor’s whole personal data) and is refused every mutation; a collector is refused every admin route', async () => {
    await app.ready();
    const document = app.swagger() as { paths: Record<string, Record<string, { 'x-required-role'?: string; operationId?: string }>> };
    const all = v1Routes();
    assert.ok(all.length >= 90, `only ${all.length} routes`);
    // The document names the role of every operation, and each route is registered with it.
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        assert.ok(operation['x-required-role'], `${method} ${path} declares no role`);
        assert.ok(operation.operationId, `${method} ${path} has no operationId`);
      }
    }
    // Reads above a viewer (src/http/roles.ts): a portal link hands out access to the account
    // (collector); a debtor's whole personal data is the controller's (admin).
    const specialReads: [string, string][] = [
      ['/portal-link', 'collector'],
      ['/personal-data', 'admin'],
    ];
    for (const route of all) {
      const path = Object.keys(document.paths).find((p) => p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000') === route.url)!;
      const role = document.paths[path]![route.method.toLowerCase()]!['x-required-role'];
      const viewer = await asToken('viewer', {
        method: route.method as InjectOptions['method'],
        url: route.url,
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      const specialRead = specialReads.find(([suffix]) => route.url.endsWith(suffix));
      if (route.method === 'GET' && specialRead) {
        assert.equal(role, specialRead[1], `${route.method} ${route.url}`);
        assert.equal(viewer.statusCode, 403, `viewer allowed ${route.method} ${route.url}: ${viewer.body}`);
      } else if (route.method === 'GET') {
        assert.equal(role, 'viewer', `${route.method} ${route.url}`);
        assert.notEqual(viewer.statusCode, 403, `viewer refused ${route.method} ${route.url}: ${viewer.body}`);
        assert.notEqual(viewer.statusCode, 401, `${route.method} ${route.url}`);
      } else {
        assert.equal(viewer.statusCode, 403, `viewer allowed ${route.method} ${route.url}: ${viewer.body}`);
        assert.equal(viewer.json().error.code, 'forbidden');
        assert.match(viewer.json().error.message, /^your role \(viewer\) may not /);
      }
      if (role === 'admin' || role === 'owner') {
        const collector = await asToken('collector', { method: route.method as InjectOptions['method'], url: route.url, payload: {} });
        assert.equal(collector.statusCode, 403, `collector allowed ${route.method} ${route.url}`);
        const admin = await asToken('admin', { method: route.method as InjectOptions['method'], url: route.url, payload: {} });
        assert.notEqual(admin.statusCode, 403, `admin refused ${route.method} ${route.url}: ${admin.body}`);
      }
    }
    // Settings, policies, templates, API tokens, webhooks and users are admin routes.
    const adminRoutes = all
      .filter(
        (r) =>
          document.paths[Object.keys(document.paths).find((p) => p.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000') === r.url)!]![
            r.method.toLowerCase()
          ]!['x-required-role'] === 'admin',
      )
      .map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'POST /api/v1/policies',
      'PUT /api/v1/settings/contact-caps',
      'POST /api/v1/webhooks',
      'POST /api/v1/users/invitations',
      'PATCH /api/v1/organisation',
    ]) {
      assert.ok(adminRoutes.includes(expected), expected);
    }
  });

  test('a token created without a role keeps working on every route (admin)', async () => {
    const response = await asToken('legacy', { method: 'PUT', url: '/api/v1/settings/contact-caps', payload: {} });
    assert.notEqual(response.statusCode, 403);
    const me = await asToken('legacy', { url: '/api/v1/me' });
    assert.deepEqual(me.json(), { user: null, organisation: { id: acmeId, slug: 'acme', name: 'Acme' }, role: 'admin' });
  });

  test('an invitation arrives by e-mail through the outbox; its link signs in once; the session acts as user:<id> with CSRF', async () => {
    const invited = await asToken('admin', {
      method: 'POST',
      url: '/api/v1/users/invitations',
      payload: { email: 'Ana@Acme.example', role: 'collector', name: 'Ana' },
    });
    assert.equal(invited.statusCode, 201, invited.body);
    assert.equal(invited.json().role, 'collector');
    const refusedOwner = await asToken('admin', { method: 'POST', url: '/api/v1/users/invitations', payload: { email: 'boss@acme.example', role: 'owner' } });
    assert.equal(refusedOwner.statusCode, 403);

    const delivered = await deliverAccountEmails(database().db, smtpTransport(smtp.url, 'Régua <no-reply@regua.example>'), new Date());
    assert.deepEqual(delivered, { sent: 1, retried: 0, failed: 0 });
    const mail = smtp.messages.at(-1)!;
    assert.deepEqual(
      mail.envelope.to.map((a) => a.toLowerCase()),
      ['ana@acme.example'],
    );
    const text = mail.parts.map((p) => p.content.toString('utf8')).join('\n');
    const link = /https:\/\/regua\.example\/accept\?token=([A-Za-z0-9_%-]+)/.exec(text);
    assert.ok(link, text);
    const token = decodeURIComponent(link[1]!);

    const weak = await app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'short' } });
    assert.equal(weak.statusCode, 400);
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: { token, password: 'correct horse battery', name: 'Ana Lima' },
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const session = accepted.json();
    assert.equal(session.organisation_id, acmeId);
    assert.equal(session.role, 'collector');
    assert.equal(session.user.name, 'Ana Lima');
    const cookie = accepted.cookies.find((c) => c.name === 'regua_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    const again = await app.inject({ method: 'POST', url: '/api/auth/invitations/accept', payload: { token, password: 'correct horse battery' } });
    assert.equal(again.statusCode, 400);
    assert.equal(again.json().error.code, 'invalid_token');

    const withCookie = (options: InjectOptions) => app.inject({ ...options, cookies: { regua_session: cookie.value } });
    const read = await withCookie({ url: '/api/v1/customers' });
    assert.equal(read.statusCode, 200, read.body);
    const noCsrf = await withCookie({ method: 'POST', url: '/api/v1/customers', payload: { external_id: 'C-1', name: 'Padaria', country: 'BR' } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().error.code, 'csrf');
    const created = await withCookie({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { 'x-csrf-token': session.csrf_token },
      payload: { external_id: 'C-1', name: 'Padaria', country: 'BR' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const call = await withCookie({
      method: 'POST',
      url: `/api/v1/customers/${created.json().id}/interactions`,
      headers: { 'x-csrf-token': session.csrf_token },
      payload: { channel: 'phone', outcome: 'no_answer' },
    });
    const entries = await database()
      .db.selectFrom('interactions')
      .select(['actor', 'kind'])
      .where('organisation_id', '=', acmeId)
      .where('customer_id', '=', created.json().id)
      .execute();
    assert.ok(entries.length > 0, call.body);
    assert.ok(
      entries.every((e) => e.actor === `user:${session.user.id}`),
      JSON.stringify(entries),
    );
    const adminOnly = await withCookie({ method: 'PUT', url: '/api/v1/settings/contact-caps', headers: { 'x-csrf-token': session.csrf_token }, payload: {} });
    assert.equal(adminOnly.statusCode, 403);
    assert.match(adminOnly.json().error.message, /^your role \(collector\) may not/);
    const me = await withCookie({ url: '/api/v1/me' });
    assert.equal(me.json().user.email, 'Ana@Acme.example');

    const listed = await asToken('viewer', { url: '/api/v1/users' });
    assert.deepEqual(
      listed.json().items.map((u: { email: string; role: string; disabled: boolean }) => [u.email, u.role, u.disabled]),
      [['Ana@Acme.example', 'collector', false]],
    );

    const logout = await withCookie({ method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': session.csrf_token } });
    assert.equal(logout.statusCode, 204);
    assert.equal((await withCookie({ url: '/api/v1/customers' })).statusCode, 401);
  });

  test('sign-in: wrong password and unknown e-mail answer alike; five failures lock the account for 15 minutes with a clear 429', async () => {
    const login = (email: string, password: string, ip = '10.0.0.1') =>
      app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, payload: { email, password } });
    const ok = await login('ana@acme.example', 'correct horse battery');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().role, 'collector');
    const unknown = await login('nobody@acme.example', 'whatever123');
    const wrong = await login('ana@acme.example', 'wrong password');
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(unknown.json(), wrong.json());
    assert.equal(wrong.json().error.code, 'invalid_credentials');
    for (let i = 0; i < 4; i++) assert.equal((await login('ana@acme.example', 'wrong password', `10.0.1.${i}`)).statusCode, 401);
    const locked = await login('ana@acme.example', 'correct horse battery', '10.0.2.1');
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error.code, 'too_many_attempts');
    assert.match(locked.json().error.message, /too many failed sign-in attempts for this account; try again in 1[45] minutes/);
    assert.ok(Number(locked.headers['retry-after']) > 0);
  });

  test('an admin disables a user: their sessions end; only an owner may make an owner', async () => {
    const db = database().db;
    const acme = await db.selectFrom('organisations').selectAll().where('id', '=', acmeId).executeTakeFirstOrThrow();
    const invitation = await inviteUser(
      db,
      { org: acme, actor: 'cli', now: new Date() },
      { email: 'bruno@acme.example', role: 'viewer' },
      { inviterRole: 'owner', publicUrl, email: false },
    );
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept',
      payload: { token: new URL(invitation.link).searchParams.get('token'), password: 'another good one' },
    });
    const cookie = accepted.cookies.find((c) => c.name === 'regua_session')!.value;
    assert.equal((await app.inject({ url: '/api/v1/customers', cookies: { regua_session: cookie } })).statusCode, 200);
    const toOwner = await asToken('admin', { method: 'PATCH', url: `/api/v1/users/${invitation.id}`, payload: { role: 'owner' } });
    assert.equal(toOwner.statusCode, 403);
    const disabled = await asToken('admin', { method: 'PATCH', url: `/api/v1/users/${invitation.id}`, payload: { disabled: true } });
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.equal(disabled.json().disabled, true);
    assert.equal((await app.inject({ url: '/api/v1/customers', cookies: { regua_session: cookie } })).statusCode, 401);
    const record = await db
      .selectFrom('interactions')
      .select(['actor', 'kind'])
      .where('organisation_id', '=', acmeId)
      .where('kind', 'in', ['user_invited', 'user_changed'])
      .execute();
    assert.ok(record.some((r) => r.kind === 'user_changed' && r.actor.startsWith('api:')));
  });
});
