// Run by scripts/test.js before the tests: migrates the template databases once.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { openPgliteMemory, openPostgres } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { adminQuery, pgliteTemplateFile, postgresAdminUrl, templateDatabase } from './engines.ts';

if (process.argv[2] === '--drop') {
  // After the run: remove this run's template database and dump.
  await rm(pgliteTemplateFile, { force: true });
  if (await reachable()) await adminQuery(`drop database if exists ${templateDatabase} with (force)`);
  process.exit(0);
}

const wanted = (process.argv[2] ?? 'pglite,postgres').split(',');
const ready: string[] = [];

if (wanted.includes('pglite')) {
  const database = await openPgliteMemory();
  await migrate(database.db);
  const dump = await database.pglite.dumpDataDir('gzip');
  await mkdir(new URL('.', pgliteTemplateFile), { recursive: true });
  await writeFile(pgliteTemplateFile, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  ready.push('pglite');
}

if (wanted.includes('postgres')) {
  if (await reachable()) {
    await adminQuery(`drop database if exists ${templateDatabase} with (force)`);
    await adminQuery(`create database ${templateDatabase}`);
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${templateDatabase}`;
    const database = await openPostgres(url.toString(), { max: 1 });
    await migrate(database.db);
    await database.close();
    ready.push('postgres');
  } else if (process.env.CI) {
    console.error(`PostgreSQL is not reachable at ${postgresAdminUrl}; CI needs it for the real-PostgreSQL lane`);
    process.exit(2);
  } else {
    console.error(`warning: PostgreSQL is not reachable at ${postgresAdminUrl}; running the embedded lane only`);
  }
}

process.stdout.write(ready.join(','));

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
