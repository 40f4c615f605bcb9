import type { Db, Tx } from '../db/database.ts';
import type { AccountEmail, OneTimeTokenKind } from '../db/schema-users.ts';

/** The outbox of account e-mails (invitation, password reset). */

export async function insertAccountEmail(
  db: Db | Tx,
  email: {
    organisationId: string | null;
    userId: string;
    kind: OneTimeTokenKind;
    recipient: string;
    language: string;
    subject: string;
    bodyText: string;
    now: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('account_emails')
    .values({
      organisation_id: email.organisationId,
      user_id: email.userId,
      kind: email.kind,
      recipient: email.recipient,
      language: email.language,
      subject: email.subject,
      body_text: email.bodyText,
      next_attempt_at: email.now,
      last_error: null,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The next e-mail due at `now`, claimed for this transaction (other workers skip it). */
export function claimDueAccountEmail(trx: Tx, now: Date): Promise<AccountEmail | undefined> {
  return trx
    .selectFrom('account_emails')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/** Sent: the body (which carries the link) is not kept. */
export async function markAccountEmailSent(db: Db | Tx, id: string, attempts: number, now: Date): Promise<void> {
  await db.updateTable('account_emails').set({ status: 'sent', attempts, sent_at: now, body_text: null, last_error: null }).where('id', '=', id).execute();
}

export async function markAccountEmailFailed(db: Db | Tx, id: string, attempts: number, error: string, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('account_emails')
    .set(
      retryAt
        ? { status: 'pending', attempts, last_error: error, next_attempt_at: retryAt }
        : { status: 'failed', attempts, last_error: error, body_text: null },
    )
    .where('id', '=', id)
    .execute();
}
