import { loadConfig, type Config } from '../config.ts';
import { openPglite, openPostgres, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { Organisation } from '../db/schema.ts';
import { resolveOrganisation } from '../use-cases/organisations.ts';
import type { OrgContext } from '../use-cases/org-context.ts';

export interface GlobalOptions {
  org?: string;
}

export interface CommandContext {
  config: Config;
  database: Database;
  org: Organisation;
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir);
  try {
    await migrate(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Opens the configured database (migrated), resolves --org, runs the command, closes. */
export async function withContext<T>(options: GlobalOptions, command: (context: CommandContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const org = await resolveOrganisation(database.db, options.org);
    return await command({ config, database, org });
  } finally {
    await database.close();
  }
}

/** The organisation context a command hands to use cases: the --org organisation, acting as "cli", at `now`. */
export function orgContextOf(context: CommandContext, now: Date = new Date()): OrgContext {
  return cliContext(context.org, now);
}

/** The organisation context of a command acting on this organisation as "cli", at `now`. */
export function cliContext(org: Organisation, now: Date = new Date()): OrgContext {
  return { org, actor: 'cli', now };
}
