import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

// Long commands draw progress for a person at a terminal only: through a pipe (a script, a
// cron job's log) stderr carries no bar, no carriage return, no escape sequence.
const bin = new URL('../../bin/regua.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'regua-progress-'));
const env = { ...process.env, REGUA_DATA_DIR: join(dir, 'data'), REGUA_DEMO_ON_FIRST_START: '0' };
const regua = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('progress through a pipe', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('import and run print their results on stdout and nothing but that on stderr', () => {
    const file = join(dir, 'customers.csv');
    const rows = Array.from({ length: 30 }, (_, i) => `C${i + 1},Cliente ${i + 1},,c${i + 1}@example.com,,,pt-BR,America/Sao_Paulo,BR,,`);
    writeFileSync(file, `external_id,name,tax_id,email,phone,whatsapp,language,timezone,country,segment,credit_limit\n${rows.join('\n')}\n`);
    const imported = regua('import', 'customers', file);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /30/);
    const ran = regua('run', '--as-of', '2026-11-24', '--now', '2026-11-24T13:00:00Z', '--no-deliver');
    assert.equal(ran.status, 0, ran.stderr);
    assert.match(ran.stdout, /customers evaluated/);
    for (const stderr of [imported.stderr, ran.stderr]) {
      assert.doesNotMatch(stderr, /importing|deciding|\r/);
      assert.ok(!stderr.includes('\u001b'), 'no terminal escape sequence');
    }
  });
});
