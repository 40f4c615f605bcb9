import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/http/server.ts';
import { describeEachEngine, testEngines } from '../support/engines.ts';

const redocly = new URL('../../node_modules/.bin/redocly', import.meta.url).pathname;

// The document does not depend on the engine: lint it once, on the first one.
describeEachEngine('OpenAPI document: redocly lint (recommended rules) finds no error', (database, engine) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildServer({ db: database().db });
    await app.ready();
  });
  after(() => app?.close());

  test('no error, every operation has a unique operationId, servers are set, no undeclared path parameter', { skip: engine !== testEngines[0] }, () => {
    const document = app.swagger() as { servers?: unknown[]; paths: Record<string, Record<string, { operationId?: string }>> };
    assert.deepEqual(document.servers, [{ url: '/' }]);
    const ids = Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    assert.ok(
      ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]*$/.test(id)),
      JSON.stringify(ids),
    );
    assert.equal(new Set(ids).size, ids.length);
    const dir = mkdtempSync(join(tmpdir(), 'regua-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const lint = spawnSync(process.execPath, [redocly, 'lint', '--extends', 'recommended', '--format', 'json', file], {
        encoding: 'utf8',
        cwd: dir,
        timeout: 120_000,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      });
      const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; severity: string; message: string }[];
      };
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`);
      assert.deepEqual(errors, []);
      assert.equal(report.totals.errors, 0);
      assert.equal(lint.status, 0, lint.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
