import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { openPglite, type Db } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { backupEmbeddedDatabase, restoreEmbeddedDatabase } from '../../src/use-cases/backup.ts';
import { UserError } from '../../src/use-cases/errors.ts';
import { loadDemoOrganisation } from '../../src/use-cases/load-demo-organisation.ts';
import { createOrganisation } from '../../src/use-cases/organisations.ts';

// The embedded database's backup is the whole database: after a restore every table holds the
// same rows (count and checksum of the rows' text, in order), so nothing is lost or changed.
const dir = mkdtempSync(join(tmpdir(), 'regua-backup-'));
const config = (dataDir: string, env: Record<string, string> = {}) => loadConfig({ REGUA_DATA_DIR: dataDir, ...env });

async function tableFingerprints(db: Db): Promise<Record<string, { rows: number; checksum: string }>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db);
  const result: Record<string, { rows: number; checksum: string }> = {};
  for (const { name } of tables.rows) {
    const row = await sql<{ rows: number; checksum: string }>`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as checksum from ${sql.table(name)} t`.execute(db);
    result[name] = row.rows[0]!;
  }
  return result;
}

async function fingerprintsOf(dataDir: string) {
  const database = await openPglite(dataDir);
  try {
    return await tableFingerprints(database.db);
  } finally {
    await database.close();
  }
}

describe('regua backup and regua restore (embedded database)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a backup restored elsewhere holds every table with the same rows; restoring over a database keeps the old one aside', async () => {
    const original = join(dir, 'original');
    const database = await openPglite(original);
    try {
      await migrate(database.db);
      const org = await createOrganisation(database.db, { slug: 'padaria', name: 'Padaria Pão Quente', defaultCurrency: 'BRL', country: 'BR' });
      await loadDemoOrganisation(database.db, org, { asOf: '2026-11-24', customers: 25, seed: 7 });
    } finally {
      await database.close();
    }
    const before = await fingerprintsOf(original);
    assert.ok(before.customers!.rows === 25 && before.invoices!.rows > 25, JSON.stringify(before.invoices));
    const populated = Object.values(before).filter((t) => t.rows > 0).length;
    assert.ok(populated >= 5, `only ${populated} tables hold rows`);

    const file = join(dir, 'regua.tar.gz');
    const { bytes } = await backupEmbeddedDatabase(config(original), file);
    assert.ok(bytes > 1000);

    const copy = join(dir, 'copy');
    assert.deepEqual(await restoreEmbeddedDatabase(config(copy), file, new Date('2026-11-25T10:00:00Z')), { keptAside: undefined });
    assert.deepEqual(await fingerprintsOf(copy), before);

    // Restoring over a database: the one replaced stays on disk.
    const { keptAside } = await restoreEmbeddedDatabase(config(original), file, new Date('2026-11-25T10:00:00Z'));
    assert.ok(keptAside && existsSync(join(keptAside, 'PG_VERSION')), String(keptAside));
    assert.deepEqual(await fingerprintsOf(original), before);
    assert.equal(readdirSync(original).filter((f) => f.startsWith('pgdata.before-restore-')).length, 1);
  });

  it('refuses what it cannot do with a message: no database, not a backup, PostgreSQL configured', async () => {
    await assert.rejects(backupEmbeddedDatabase(config(join(dir, 'empty')), join(dir, 'x.tar.gz')), UserError);
    const notBackup = join(dir, 'not-a-backup.csv');
    writeFileSync(notBackup, 'external_id,name\n');
    await assert.rejects(restoreEmbeddedDatabase(config(join(dir, 'r')), notBackup, new Date()), /not a backup made by regua backup/);
    await assert.rejects(backupEmbeddedDatabase(config(dir, { DATABASE_URL: 'postgres://x@127.0.0.1/x' }), join(dir, 'y')), /pg_dump/);
  });
});
