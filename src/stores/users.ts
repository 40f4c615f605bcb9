import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Membership, OneTimeToken, OneTimeTokenKind, User } from '../db/schema-users.ts';
import type { Role } from '../domain/roles.ts';

/** Users, their memberships of organisations, one-time tokens (invitation, password reset), sign-in attempts and account e-mails. */

export function userByEmail(db: Db | Tx, email: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export function userById(db: Db | Tx, userId: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export function insertUser(db: Db | Tx, user: { email: string; name: string; language?: string }): Promise<User> {
  return db
    .insertInto('users')
    .values({ email: user.email.trim(), name: user.name, ...(user.language ? { language: user.language } : {}) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Db | Tx,
  userId: string,
  patch: { name?: string; password_hash?: string; last_sign_in_at?: Date; disabled_at?: Date | null },
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('users').set(patch).where('id', '=', userId).execute();
}

export interface MembershipWithOrganisation {
  organisation: { id: string; slug: string; name: string };
  role: Role;
}

/** The organisations a user may act in (memberships not disabled), by organisation name. */
export async function activeMembershipsOf(db: Db | Tx, userId: string): Promise<MembershipWithOrganisation[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['organisations.id', 'organisations.slug', 'organisations.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.disabled_at', 'is', null)
    .orderBy('organisations.name')
    .orderBy('organisations.id')
    .execute();
  return rows.map((r) => ({ organisation: { id: r.id, slug: r.slug, name: r.name }, role: r.role }));
}

export function membershipOf(db: Db | Tx, organisationId: string, userId: string): Promise<Membership | undefined> {
  return db.selectFrom('memberships').selectAll().where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
}

/** Creates the membership, or gives an existing one the role and enables it again. */
export async function upsertMembership(db: Db | Tx, organisationId: string, userId: string, role: Role): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ organisation_id: organisationId, user_id: userId, role, disabled_at: null })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doUpdateSet({ role, disabled_at: null }))
    .execute();
}

export async function updateMembership(db: Db | Tx, organisationId: string, userId: string, patch: { role?: Role; disabled_at?: Date | null }): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('memberships').set(patch).where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
}

export function countActiveOwners(db: Db | Tx, organisationId: string): Promise<number> {
  return db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'owner')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export interface OrganisationUserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  last_sign_in_at: Date | null;
}

/** The organisation's users, by e-mail. Disabled means disabled in this organisation or everywhere. */
export async function usersOfOrganisation(db: Db | Tx, organisationId: string): Promise<OrganisationUserRow[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'memberships.role',
      'memberships.disabled_at as membership_disabled_at',
      'users.disabled_at',
      'users.last_sign_in_at',
    ])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy(sql`lower(users.email)`)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    disabled: r.membership_disabled_at !== null || r.disabled_at !== null,
    last_sign_in_at: r.last_sign_in_at,
  }));
}

export async function insertOneTimeToken(
  db: Db | Tx,
  token: { tokenHash: string; kind: OneTimeTokenKind; userId: string; organisationId: string | null; role: Role | null; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('one_time_tokens')
    .values({
      token_hash: token.tokenHash,
      kind: token.kind,
      user_id: token.userId,
      organisation_id: token.organisationId,
      role: token.role,
      expires_at: token.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The token with this hash, locked until the transaction ends (so it is used once). */
export function oneTimeTokenForUse(trx: Tx, tokenHash: string, kind: OneTimeTokenKind): Promise<OneTimeToken | undefined> {
  return trx.selectFrom('one_time_tokens').selectAll().where('token_hash', '=', tokenHash).where('kind', '=', kind).forUpdate().executeTakeFirst();
}

export async function markOneTimeTokenUsed(db: Db | Tx, tokenId: string, now: Date): Promise<void> {
  await db.updateTable('one_time_tokens').set({ used_at: now }).where('id', '=', tokenId).execute();
}

export async function recordLoginAttempt(db: Db | Tx, attempt: { email: string; address: string; succeeded: boolean; at: Date }): Promise<void> {
  await db
    .insertInto('login_attempts')
    .values({ email: attempt.email.trim().toLowerCase(), address: attempt.address, succeeded: attempt.succeeded, attempted_at: attempt.at })
    .execute();
}

/** Times of the failed sign-ins since `since`, for this account and for this address. */
export async function loginFailuresSince(db: Db | Tx, email: string, address: string, since: Date): Promise<{ account: Date[]; address: Date[] }> {
  const rows = await db
    .selectFrom('login_attempts')
    .select(['email', 'address', 'attempted_at'])
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .where((eb) => eb.or([eb(sql<string>`lower(email)`, '=', email.trim().toLowerCase()), eb('address', '=', address)]))
    .execute();
  const lower = email.trim().toLowerCase();
  return {
    account: rows.filter((r) => r.email.toLowerCase() === lower).map((r) => r.attempted_at),
    address: rows.filter((r) => r.address === address).map((r) => r.attempted_at),
  };
}
