#!/usr/bin/env node
// The test command: prepares the template databases, runs every *.test.ts with Node's test
// runner (Node 20 does not expand globs itself) and ends with "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));
const roots = unitOnly ? ['src'] : ['src', 'test'];

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = roots
  .flatMap(findTests)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

mkdirSync('.test-cache', { recursive: true });
const engines = process.env.REGUA_TEST_ENGINES ?? 'pglite,postgres';
const template = `regua_template_${process.pid}`;
const testEnv = { ...process.env, REGUA_TEST_TEMPLATE: template };
const prepared = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/prepare-templates.ts', engines], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  env: testEnv,
});
if (prepared.status !== 0) process.exit(prepared.status ?? 2);

const report = `.test-cache/report-${process.pid}.tap`;
const run = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=3',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${report}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...testEnv, REGUA_TEST_ENGINES: prepared.stdout.trim() || 'pglite' } },
);

spawnSync(process.execPath, ['--import', 'tsx', 'test/support/prepare-templates.ts', '--drop'], { stdio: 'inherit', env: testEnv });
const tap = readFileSync(report, 'utf8');
rmSync(report, { force: true });
const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
console.log(`engines: ${prepared.stdout.trim() || 'pglite'}`);
console.log(`${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped') + count('todo')} skipped`);
process.exit(run.status ?? 2);
