import type { Db } from '../../db/database.ts';
import { decideLogin, loginWindowStart } from '../../domain/login-rate-limit.ts';
import { loginFailuresSince, recordLoginAttempt, userByEmail } from '../../stores/users.ts';
import { InvalidCredentialsError, TooManyAttemptsError } from './errors.ts';
import { verifyPassword } from './secrets.ts';
import { startSession, type ClientInfo, type StartedSession } from './sessions.ts';

/**
 * Signs in with e-mail and password. Refused while the account or the address has too many
 * recent failures; an unknown e-mail is verified against a dummy hash, so it answers like a
 * wrong password, in about the same time.
 */
export async function signIn(db: Db, credentials: { email: string; password: string }, client: ClientInfo, now: Date): Promise<StartedSession> {
  const email = credentials.email.trim();
  const failures = await loginFailuresSince(db, email, client.address, loginWindowStart(now));
  const decision = decideLogin(failures.account, failures.address, now);
  if (!decision.allowed) throw new TooManyAttemptsError(decision.retryAt, decision.scope, now);
  const user = await userByEmail(db, email);
  const matches = await verifyPassword(user?.password_hash, credentials.password);
  if (!user || !matches || user.disabled_at) {
    await recordLoginAttempt(db, { email, address: client.address, succeeded: false, at: now });
    throw new InvalidCredentialsError();
  }
  await recordLoginAttempt(db, { email, address: client.address, succeeded: true, at: now });
  return startSession(db, user, client, now);
}
