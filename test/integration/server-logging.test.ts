import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { requestLogger } from '../../src/http/logging.ts';
import { buildServer } from '../../src/http/server.ts';
import type { Database } from '../../src/db/database.ts';
import { openTestDatabase, testEngines } from '../support/engines.ts';

// The logger does not depend on the engine: one database, PostgreSQL when the run has it. With
// PGlite opened too, this file's process stayed alive after its tests passed (an open handle
// not yet found), which hung the whole run.
const engine = testEngines.includes('postgres') ? 'postgres' : 'pglite';

describe(`the server log: 500s with their stack, secrets never in clear [${engine}]`, () => {
  let opened: Database | undefined;
  const database = () => opened!;
  after(() => opened?.close());
  let app: FastifyInstance;
  const lines: Record<string, unknown>[] = [];

  before(async () => {
    opened = await openTestDatabase(engine);
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) =>
      lines.push(
        ...chunk
          .toString('utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      ),
    );
    app = await buildServer({ db: database().db, logger: requestLogger({ stream }) });
    // A route that fails the way a defect would.
    app.get('/api/test-failure', async () => {
      throw new Error('the disk caught fire');
    });
  });
  after(() => app?.close());

  test('a 500 keeps its answer shape and is logged with the stack', async () => {
    const response = await app.inject({ url: '/api/test-failure' });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: { code: 'internal_error', message: 'internal error; the server log has the details', details: null } });
    const logged = lines.find((l) => (l.err as { message?: string } | undefined)?.message === 'the disk caught fire');
    assert.ok(logged, `no error line in ${JSON.stringify(lines)}`);
    assert.equal(logged.level, 50);
    assert.match(String((logged.err as { stack: string }).stack), /server-logging\.test\.ts/);
    assert.ok(lines.some((l) => l.msg === 'request completed' && (l.res as { statusCode: number }).statusCode === 500));
  });

  test('a webhook secret in the query string is redacted from every log line', async () => {
    await app.inject({ method: 'POST', url: '/hooks/pix/acme?hmac=s3cr3t-psp-value', payload: { pix: [] } });
    await app.inject({ url: '/api/v1/customers?token=s3cr3t-psp-value&limit=2' });
    const text = JSON.stringify(lines);
    assert.ok(!text.includes('s3cr3t-psp-value'), text);
    assert.ok(lines.some((l) => (l.req as { url?: string } | undefined)?.url === '/hooks/pix/acme?hmac=[redacted]'));
  });
});
