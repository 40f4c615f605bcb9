import type { Db } from '../db/database.ts';
import { pingDatabase } from '../stores/health.ts';

/** Whether the database answers (liveness checks). */
export async function databaseReachable(db: Db): Promise<boolean> {
  try {
    await pingDatabase(db);
    return true;
  } catch {
    return false;
  }
}
