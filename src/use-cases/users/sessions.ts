import type { Db, Tx } from '../../db/database.ts';
import type { Session, User } from '../../db/schema-users.ts';
import { isExpired, sessionExpiry, sessionNeedsTouch } from '../../domain/account-tokens.ts';
import type { Role } from '../../domain/roles.ts';
import { deleteSession, insertSession, sessionByTokenHash, touchSession } from '../../stores/sessions.ts';
import { activeMembershipsOf, membershipOf, updateUser, userById, type MembershipWithOrganisation } from '../../stores/users.ts';
import { hashSecret, newCsrfToken, newSecret } from './secrets.ts';

/** Where a request came from, kept on the session. */
export interface ClientInfo {
  address: string;
  userAgent: string | null;
}

/** The browser's view of its session (the agreed `Session` JSON). */
export interface SessionView {
  user: { id: string; email: string; name: string; language: string };
  memberships: MembershipWithOrganisation[];
  organisation_id: string | null;
  role: Role | null;
  csrf_token: string;
}

/** A new session and the cookie's secret (shown once, stored hashed). */
export interface StartedSession {
  token: string;
  session: SessionView;
}

export async function sessionView(db: Db | Tx, session: Session, user: User): Promise<SessionView> {
  const memberships = await activeMembershipsOf(db, user.id);
  const selected = memberships.find((m) => m.organisation.id === session.organisation_id);
  return {
    user: { id: user.id, email: user.email, name: user.name, language: user.language },
    memberships,
    organisation_id: selected ? selected.organisation.id : null,
    role: selected ? selected.role : null,
    csrf_token: session.csrf_token,
  };
}

/**
 * Signs the user in: a new session row, with the organisation selected when the user belongs to
 * exactly one (or the one given, e.g. the organisation an invitation was for).
 */
export async function startSession(db: Db | Tx, user: User, client: ClientInfo, now: Date, organisationId?: string | null): Promise<StartedSession> {
  const memberships = await activeMembershipsOf(db, user.id);
  const preferred = organisationId && memberships.some((m) => m.organisation.id === organisationId) ? organisationId : null;
  const selected = preferred ?? (memberships.length === 1 ? memberships[0]!.organisation.id : null);
  const { secret, hash } = newSecret();
  const session = await insertSession(db, {
    tokenHash: hash,
    userId: user.id,
    organisationId: selected,
    csrfToken: newCsrfToken(),
    now,
    expiresAt: sessionExpiry(now),
    ip: client.address,
    userAgent: client.userAgent?.slice(0, 500) ?? null,
  });
  await updateUser(db, user.id, { last_sign_in_at: now });
  return { token: secret, session: await sessionView(db, session, { ...user, last_sign_in_at: now }) };
}

/** A live session, its user (not disabled), and the role in the selected organisation (null when none or no longer a member). */
export interface AuthenticatedSession {
  session: Session;
  user: User;
  role: Role | null;
}

/** The session a cookie names, when it is live; extends its life on use (at most once a minute). */
export async function authenticateSession(db: Db, token: string, now: Date): Promise<AuthenticatedSession | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const session = await sessionByTokenHash(db, hashSecret(token));
  if (!session || session.revoked_at || isExpired(session.expires_at, now)) return null;
  const user = await userById(db, session.user_id);
  if (!user || user.disabled_at) return null;
  let role: Role | null = null;
  if (session.organisation_id) {
    const membership = await membershipOf(db, session.organisation_id, user.id);
    role = membership && !membership.disabled_at ? membership.role : null;
  }
  if (sessionNeedsTouch(session.last_seen_at, now)) await touchSession(db, session.id, now, sessionExpiry(now));
  return { session, user, role };
}

/** Signing out deletes the session row. */
export async function signOut(db: Db, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}
