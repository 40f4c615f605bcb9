import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine('security: headers on every answer, no CORS, a rate limit per client address', (database) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildServer({ db: database().db, rateLimitPerMinute: 3 });
  });
  after(async () => {
    await app.close();
  });

  it('answers carry the security headers and no CORS permission, even to a request from another origin', async () => {
    const answer = await app.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    assert.equal(answer.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(answer.headers['referrer-policy'], 'no-referrer');
    assert.match(String(answer.headers['strict-transport-security']), /max-age=\d+/);
    assert.equal(answer.headers['access-control-allow-origin'], undefined);
  });

  it('the fourth request in a minute from one address is refused with 429 in the documented error shape', async () => {
    // The first request of this minute was the test above; two more pass, then the limit holds.
    for (let i = 0; i < 2; i++) assert.equal((await app.inject({ url: '/api/health' })).statusCode, 200);
    const refused = await app.inject({ url: '/api/health' });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'too_many_requests');
    assert.match(refused.json().error.message, /at most 3 a minute/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    const other = await app.inject({ url: '/api/health', remoteAddress: '10.0.0.2' });
    assert.equal(other.statusCode, 200, 'another address has its own allowance');
  });

  it('the web app is served with a Content-Security-Policy that loads only its own scripts and refuses framing', async (t) => {
    const dist = new URL('../../web/dist', import.meta.url).pathname;
    if (!existsSync(`${dist}/index.html`)) return t.skip('web/dist not built (npm run build:web)');
    const web = await buildServer({ db: database().db });
    for (const url of ['/', '/customers/some-id']) {
      const page = await web.inject({ url });
      assert.equal(page.statusCode, 200, url);
      const policy = String(page.headers['content-security-policy']);
      assert.match(policy, /script-src 'self'(;|$)/, url);
      assert.match(policy, /frame-ancestors 'none'/, url);
    }
    await web.close();
  });

  it('the debtor portal allows 60 requests a minute per address, then answers the plain refusal page with 429', async () => {
    const portal = await buildServer({ db: database().db });
    const open = (remoteAddress: string) => portal.inject({ url: '/p/not-a-real-link', remoteAddress, headers: { 'accept-language': 'pt-BR' } });
    for (let i = 0; i < 60; i++) assert.equal((await open('10.0.0.7')).statusCode, 404);
    const refused = await open('10.0.0.7');
    assert.equal(refused.statusCode, 429);
    assert.match(String(refused.headers['content-type']), /^text\/html/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await open('10.0.0.8')).statusCode, 404, 'another address has its own allowance');
    await portal.close();
  });
});
