import type { Db, Tx } from '../db/database.ts';
import type { Role } from '../domain/roles.ts';

export interface ApiTokenRow {
  id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const viewColumns = ['id', 'name', 'created_at', 'last_used_at', 'revoked_at'] as const;

export async function insertApiToken(db: Db | Tx, organisationId: string, token: { name: string; secretHash: string; role: Role }): Promise<string> {
  const row = await db
    .insertInto('api_tokens')
    .values({ organisation_id: organisationId, name: token.name, secret_hash: token.secretHash, role: token.role })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What authentication needs of a token: its secret's hash, whether it is revoked, its role. */
export function apiTokenCredentials(
  db: Db | Tx,
  organisationId: string,
  tokenId: string,
): Promise<{ secret_hash: string; revoked_at: Date | null; role: Role } | undefined> {
  return db
    .selectFrom('api_tokens')
    .select(['secret_hash', 'revoked_at', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', tokenId)
    .executeTakeFirst();
}

/** The organisation's tokens, oldest first, revoked ones included (never their secrets). */
export function apiTokensOf(db: Db | Tx, organisationId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').select(viewColumns).where('organisation_id', '=', organisationId).orderBy('created_at').orderBy('id').execute();
}

export function apiTokenById(db: Db | Tx, organisationId: string, tokenId: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').select(viewColumns).where('organisation_id', '=', organisationId).where('id', '=', tokenId).executeTakeFirst();
}

/** Revokes the token unless it already is. */
export async function markApiTokenRevoked(db: Db | Tx, organisationId: string, tokenId: string, now: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute();
}
