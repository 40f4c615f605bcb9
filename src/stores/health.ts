import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** A round trip to the database: throws when it is unreachable. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The outbox's depth by status and channel, over every organisation (operators' metrics). */
export async function outboxDepth(db: Db): Promise<{ status: string; channel: string; n: number }[]> {
  const result = await sql<{ status: string; channel: string; n: number }>`
    select status, channel, count(*)::int as n from outbox_messages group by status, channel`.execute(db);
  return result.rows;
}
