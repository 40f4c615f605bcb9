import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEngines } from '../support/engines.ts';

// Every benchmark script runs end to end at tiny sizes (--smoke), into a folder that does not
// exist yet (as bench/data in a fresh clone), so the scripts cannot rot between measurements.
const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const results = readFileSync(join(root, 'bench/RESULTS.md'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'regua-bench-smoke-'));

async function smoke(script: string): Promise<string> {
  const dataDir = join(scratch, script.replace(/\W/g, '-'), 'not-yet-created');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'bench', script), '--smoke'], {
    cwd: root,
    env: { ...process.env, REGUA_BENCH_DATA: dataDir },
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.ok(existsSync(dataDir), `${script} created ${dataDir}`);
  return stdout;
}

describe('benchmarks in smoke mode', { concurrency: false }, () => {
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    assert.equal(readFileSync(join(root, 'bench/RESULTS.md'), 'utf8'), results, 'a smoke run never rewrites bench/RESULTS.md');
  });

  test('cadence: loads, runs the day cold and warm, delivers to the SMTP sink', async () => {
    const out = await smoke('cadence.ts');
    assert.match(out, /40 customers/);
    assert.match(out, /## Cadence run and delivery|saved to/);
  });

  test('import and aging: generates, imports the three files and compares aging with its floor', async () => {
    const out = await smoke('import-aging.ts');
    assert.match(out, /1,000 invoices|1000 invoices/);
  });

  test('reconciliation: imports a statement and scores recall and precision', { skip: !testEngines.includes('postgres') && 'needs PostgreSQL' }, async () => {
    const out = await smoke('reconcile.ts');
    assert.match(out, /100 lines against 1,000 open invoices/);
  });
});
