import type { Db } from '../../db/database.ts';
import { liveSessionsOfUser, revokeSessionOfUser } from '../../stores/sessions.ts';
import { RecordNotFoundError, isUuid } from '../record-ref.ts';

/** One of the user's signed-in browsers, as the user sees it in Settings (never the cookie's secret). */
export interface OwnSession {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

/** The user's live sessions (every organisation), the one asking marked current. */
export async function listOwnSessions(db: Db, userId: string, currentSessionId: string, now: Date): Promise<OwnSession[]> {
  const sessions = await liveSessionsOfUser(db, userId, now);
  return sessions.map((s) => ({
    id: s.id,
    created_at: s.created_at,
    last_seen_at: s.last_seen_at,
    expires_at: s.expires_at,
    ip: s.ip,
    user_agent: s.user_agent,
    current: s.id === currentSessionId,
  }));
}

/** Signs one of the user's own sessions out (e.g. a lost phone); another user's session is not found. */
export async function revokeOwnSession(db: Db, userId: string, sessionId: string, now: Date): Promise<void> {
  const revoked = isUuid(sessionId) && (await revokeSessionOfUser(db, userId, sessionId, now));
  if (!revoked) throw new RecordNotFoundError('session', { id: sessionId });
}
