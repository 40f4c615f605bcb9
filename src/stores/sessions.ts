import type { Db, Tx } from '../db/database.ts';
import type { Session } from '../db/schema-users.ts';

export async function insertSession(
  db: Db | Tx,
  session: {
    tokenHash: string;
    userId: string;
    organisationId: string | null;
    csrfToken: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<Session> {
  return db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      organisation_id: session.organisationId,
      csrf_token: session.csrfToken,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
      revoked_at: null,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function sessionByTokenHash(db: Db | Tx, tokenHash: string): Promise<Session | undefined> {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(db: Db | Tx, sessionId: string, now: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', sessionId).execute();
}

export async function setSessionOrganisation(db: Db | Tx, sessionId: string, organisationId: string | null): Promise<Session> {
  return db.updateTable('sessions').set({ organisation_id: organisationId }).where('id', '=', sessionId).returningAll().executeTakeFirstOrThrow();
}

export async function deleteSession(db: Db | Tx, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Revokes every live session of the user (all organisations, or one). */
export async function revokeSessionsOfUser(db: Db | Tx, userId: string, now: Date, organisationId?: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .$if(organisationId !== undefined, (qb) => qb.where('organisation_id', '=', organisationId!))
    .execute();
}

/** The user's sessions not revoked nor expired at `now`, the last used first. */
export function liveSessionsOfUser(db: Db | Tx, userId: string, now: Date): Promise<Session[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Revokes one live session of the user; false when the user has no such live session. */
export async function revokeSessionOfUser(db: Db | Tx, userId: string, sessionId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
