import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { oneTimeTokenUsable } from '../../domain/account-tokens.ts';
import type { OneTimeTokenKind } from '../../db/schema-users.ts';
import { revokeSessionsOfUser } from '../../stores/sessions.ts';
import { markOneTimeTokenUsed, oneTimeTokenForUse, updateUser, userById } from '../../stores/users.ts';
import { InvalidTokenError } from './errors.ts';
import { checkPassword, hashPassword, hashSecret } from './secrets.ts';
import { startSession, type ClientInfo, type StartedSession } from './sessions.ts';

/** Accepts an invitation: sets the password (and name), uses the link up, signs in with the organisation selected. */
export function acceptInvitation(
  db: Db,
  input: { token: string; password: string; name?: string | undefined },
  client: ClientInfo,
  now: Date,
): Promise<StartedSession> {
  return redeem(db, 'invitation', input, client, now);
}

/** Confirms a password reset: sets the new password, ends every other session of the user, signs in. */
export function confirmPasswordReset(db: Db, input: { token: string; password: string }, client: ClientInfo, now: Date): Promise<StartedSession> {
  return redeem(db, 'password_reset', input, client, now);
}

async function redeem(
  db: Db,
  kind: OneTimeTokenKind,
  input: { token: string; password: string; name?: string | undefined },
  client: ClientInfo,
  now: Date,
): Promise<StartedSession> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    const token = await oneTimeTokenForUse(trx, hashSecret(input.token), kind);
    if (!token || !oneTimeTokenUsable(token, now)) throw new InvalidTokenError();
    const user = await userById(trx, token.user_id);
    if (!user || user.disabled_at) throw new InvalidTokenError();
    await markOneTimeTokenUsed(trx, token.id, now);
    if (kind === 'password_reset') await revokeSessionsOfUser(trx, user.id, now);
    const name = input.name?.trim();
    await updateUser(trx, user.id, { password_hash: passwordHash, ...(name ? { name } : {}) });
    return startSession(trx, { ...user, password_hash: passwordHash, ...(name ? { name } : {}) }, client, now, token.organisation_id);
  });
}
