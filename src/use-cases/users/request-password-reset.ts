import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { accountEmailText, accountLink } from '../../domain/account-email-text.ts';
import { oneTimeTokenExpiry } from '../../domain/account-tokens.ts';
import { insertAccountEmail } from '../../stores/account-emails.ts';
import { insertOneTimeToken, userByEmail } from '../../stores/users.ts';
import { newSecret } from './secrets.ts';

/**
 * Queues a password-reset e-mail (a single-use link valid for 1 hour) when a user with this
 * e-mail exists and is not disabled. The caller answers the same either way.
 */
export async function requestPasswordReset(db: Db, email: string, options: { publicUrl: string; now: Date }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const user = await userByEmail(trx, email);
    if (!user || user.disabled_at) return;
    const { secret, hash } = newSecret();
    await insertOneTimeToken(trx, {
      tokenHash: hash,
      kind: 'password_reset',
      userId: user.id,
      organisationId: null,
      role: null,
      expiresAt: oneTimeTokenExpiry('password_reset', options.now),
    });
    const text = accountEmailText('password_reset', user.language, {
      organisation: '',
      link: accountLink(options.publicUrl, 'password_reset', secret),
      role: '',
    });
    await insertAccountEmail(trx, {
      organisationId: null,
      userId: user.id,
      kind: 'password_reset',
      recipient: user.email,
      language: user.language,
      subject: text.subject,
      bodyText: text.text,
      now: options.now,
    });
  });
}
