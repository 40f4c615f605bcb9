/** Lifetimes of what lets a person in: sessions, invitation and password-reset links. Pure: "now" is an input. */

export type OneTimeTokenKind = 'invitation' | 'password_reset';

const hour = 3_600_000;
const day = 24 * hour;

/** An invitation link is valid for 7 days, a password-reset link for 1 hour. */
const oneTimeTokenLifetimeMs: Record<OneTimeTokenKind, number> = { invitation: 7 * day, password_reset: hour };

/** A session ends 14 days after it was last used. */
const sessionIdleLifetimeMs = 14 * day;

/** last_seen_at / expires_at are written at most this often, not on every request. */
const sessionTouchIntervalMs = 60_000;

export function oneTimeTokenExpiry(kind: OneTimeTokenKind, now: Date): Date {
  return new Date(now.getTime() + oneTimeTokenLifetimeMs[kind]);
}

export function sessionExpiry(now: Date): Date {
  return new Date(now.getTime() + sessionIdleLifetimeMs);
}

export function isExpired(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime();
}

/** Is a one-time token still usable: not used and not expired? */
export function oneTimeTokenUsable(token: { expires_at: Date; used_at: Date | null }, now: Date): boolean {
  return token.used_at === null && !isExpired(token.expires_at, now);
}

export function sessionNeedsTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= sessionTouchIntervalMs;
}
