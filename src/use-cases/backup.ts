import { readFile, writeFile } from 'node:fs/promises';
import type { Config } from '../config.ts';
import { dumpPgliteDataDir, hasPgliteDatabase, loadPgliteDataDir } from '../db/database.ts';
import { UserError } from './errors.ts';

const postgresAdvice = 'with DATABASE_URL set, back up and restore PostgreSQL with pg_dump and pg_restore (README, "Running in production")';

/** `regua backup`: the embedded database as one file (a gzipped tarball of its data directory). */
export async function backupEmbeddedDatabase(config: Config, outFile: string): Promise<{ bytes: number }> {
  if (config.databaseUrl) throw new UserError(`regua backup copies the embedded database; ${postgresAdvice}`);
  if (!hasPgliteDatabase(config.dataDir)) throw new UserError(`there is no embedded database in ${config.dataDir} to back up`);
  const dump = Buffer.from(await (await dumpPgliteDataDir(config.dataDir)).arrayBuffer());
  await writeFile(outFile, dump);
  return { bytes: dump.length };
}

/** `regua restore`: the embedded database from a backup; the one it replaces is kept aside, never deleted. */
export async function restoreEmbeddedDatabase(config: Config, file: string, now: Date): Promise<{ keptAside: string | undefined }> {
  if (config.databaseUrl) throw new UserError(`regua restore fills the embedded database; ${postgresAdvice}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UserError(`${file}: ${(error as Error).message}`);
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new UserError(`${file} is not a backup made by regua backup (not a gzip file)`);
  return loadPgliteDataDir(config.dataDir, new Blob([bytes]), now);
}
