import type { Db } from '../db/database.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { outboxDepth, pingDatabase } from '../stores/health.ts';

/** Whether the database answers (liveness checks). */
export async function databaseReachable(db: Db): Promise<boolean> {
  try {
    await pingDatabase(db);
    return true;
  } catch {
    return false;
  }
}

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  /** Migrations of this release not applied yet: another process is migrating, or the schema is behind. */
  pendingMigrations: string[];
}

/** Whether this process can serve: the database answers and its schema is the one this release expects. */
export async function readiness(db: Db): Promise<Readiness> {
  if (!(await databaseReachable(db))) return { ready: false, database: 'unreachable', pendingMigrations: [] };
  const pending = await pendingMigrations(db);
  return { ready: pending.length === 0, database: 'ok', pendingMigrations: pending };
}

/** How many messages wait, by status and channel, over every organisation. */
export function outboxByStatusAndChannel(db: Db): Promise<{ status: string; channel: string; n: number }[]> {
  return outboxDepth(db);
}
