import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine('operations: readiness, metrics, request ids', (database) => {
  let app: FastifyInstance;
  let guarded: FastifyInstance;
  before(async () => {
    app = await buildServer({ db: database().db });
    guarded = await buildServer({ db: database().db, metricsToken: 'scrape-me-please' });
  });
  after(async () => {
    await app.close();
    await guarded.close();
  });

  it('/api/ready: 200 on a current schema; 503 naming the migration not applied yet', async () => {
    const ready = await app.inject({ method: 'GET', url: '/api/ready' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ok', database: 'ok', pending_migrations: [] });
    const { rows } = await sql<{ name: string }>`select max(name) as name from schema_migrations`.execute(database().db);
    const latest = rows[0]!.name;
    await sql`delete from schema_migrations where name = ${latest}`.execute(database().db);
    try {
      const behind = await app.inject({ method: 'GET', url: '/api/ready' });
      assert.equal(behind.statusCode, 503);
      assert.deepEqual(behind.json(), { status: 'error', database: 'ok', pending_migrations: [latest] });
    } finally {
      await sql`insert into schema_migrations (name) values (${latest})`.execute(database().db);
    }
  });

  it('every answer carries a request id: the proxy’s X-Request-Id, or a new one', async () => {
    const given = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'proxy-42' } });
    assert.equal(given.headers['x-request-id'], 'proxy-42');
    const fresh = await app.inject({ method: 'GET', url: '/api/health' });
    assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('/metrics on this machine: request latency by route pattern, outbox depth, Node’s own; never through a proxy', async () => {
    await app.inject({ method: 'GET', url: '/api/health' });
    await app.inject({ method: 'GET', url: '/api/v1/customers/00000000-0000-4000-8000-000000000000' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.headers['content-type'] as string, /^text\/plain/);
    assert.match(metrics.body, /regua_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/);
    // The route pattern, never the id: one series per route, whatever the ids.
    assert.match(metrics.body, /route="\/api\/v1\/customers\/:id",status="401"/);
    assert.doesNotMatch(metrics.body, /00000000-0000-4000/);
    assert.match(metrics.body, /# TYPE regua_outbox_messages gauge/);
    assert.match(metrics.body, /# TYPE regua_delivery_attempts_total counter/);
    assert.match(metrics.body, /regua_nodejs_eventloop_lag_seconds/);
    const proxied = await app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.statusCode, 404);
    const remote = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(remote.statusCode, 404);
  });

  it('/metrics with REGUA_METRICS_TOKEN: the bearer token, from anywhere; 404 without it', async () => {
    assert.equal((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
    assert.equal((await guarded.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode, 404);
    const scraped = await guarded.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: 'Bearer scrape-me-please' },
    });
    assert.equal(scraped.statusCode, 200);
    assert.match(scraped.body, /regua_http_request_duration_seconds/);
  });
});
