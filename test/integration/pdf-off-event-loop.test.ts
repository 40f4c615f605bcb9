import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { createApiToken } from '../../src/use-cases/api-tokens.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';
import { describeEachEngine } from '../support/engines.ts';

describeEachEngine('a large PDF renders off the event loop', (database) => {
  let app: FastifyInstance;
  let token: string;
  let customerId: string;

  before(async () => {
    const db = database().db;
    const acme = await createOrganisation(db, { slug: 'acme', name: 'Acme' });
    token = (await createApiToken(db, acme.id, 'test', 'owner')).token;
    app = await buildServer({ db });
    const call = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
    const created = await call('/api/v1/customers', { external_id: 'LONG-1', name: 'Mercado Longo', country: 'BR' });
    assert.equal(created.statusCode, 201, created.body);
    customerId = created.json().id;
    // A collector's long notes, at the 5000-character limit: a record of about a megabyte.
    const note = 'Cliente pediu para ligar de novo na semana que vem; disse que o pagamento sai na sexta. '.repeat(60).slice(0, 5000);
    for (let i = 0; i < 200; i++) {
      const logged = await call(`/api/v1/customers/${customerId}/interactions`, { channel: 'phone', kind: 'note', text: note });
      assert.equal(logged.statusCode, 201, logged.body);
    }
  });
  after(() => app?.close());

  test('while the contact record PDF of a long record renders, /api/health keeps answering quickly', async () => {
    let done = false;
    const pdf = app.inject({ url: `/api/v1/customers/${customerId}/record.pdf`, headers: { authorization: `Bearer ${token}` } }).finally(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      const health = await app.inject({ url: '/api/health' });
      latencies.push(performance.now() - started);
      assert.equal(health.statusCode, 200);
      await sleep(10);
    }
    const response = await pdf;
    assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    assert.equal(response.rawPayload.subarray(0, 5).toString(), '%PDF-');
    assert.ok(response.rawPayload.length > 100_000, `a ${response.rawPayload.length}-byte PDF is smaller than 200 long notes make`);
    // Drawing it takes seconds of CPU; on the event loop one health check would wait all of that.
    assert.ok(Math.max(...latencies) < 1000, `slowest health answer during the render: ${Math.round(Math.max(...latencies))} ms`);
  });
});
