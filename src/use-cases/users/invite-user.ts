import type { Db } from '../../db/database.ts';
import { accountEmailText, accountLink, defaultLanguageFor } from '../../domain/account-email-text.ts';
import { oneTimeTokenExpiry } from '../../domain/account-tokens.ts';
import { mayAssignRole, type Role } from '../../domain/roles.ts';
import { inTransaction } from '../../db/transaction.ts';
import { insertAccountEmail } from '../../stores/account-emails.ts';
import { insertOneTimeToken, insertUser, membershipOf, upsertMembership, userByEmail } from '../../stores/users.ts';
import { appendInteraction } from '../contact-record.ts';
import { ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { ForbiddenError } from './errors.ts';
import { newSecret } from './secrets.ts';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expires_at: Date;
  /** The one-time link (also in the e-mail when one is sent). */
  link: string;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Invites a person to the organisation with a role: the user is created when new, joins the
 * organisation (or gets the role), and a single-use invitation link valid for 7 days is made.
 * `email: true` queues the invitation e-mail in the account e-mail outbox, in the same transaction.
 * `inviterRole`: the role of who invites (an admin may not grant owner).
 */
export async function inviteUser(
  db: Db,
  ctx: OrgContext,
  input: { email: string; role: Role; name?: string | undefined },
  options: { inviterRole: Role; publicUrl: string; email: boolean },
): Promise<Invitation> {
  const email = input.email.trim();
  if (!emailPattern.test(email)) throw new ValidationError([{ field: 'email', reason: 'is not an e-mail address' }]);
  return inTransaction(db, async (trx) => {
    const existing = await userByEmail(trx, email);
    const current = existing ? await membershipOf(trx, ctx.org.id, existing.id) : undefined;
    if (!mayAssignRole(options.inviterRole, input.role, current?.role)) {
      throw new ForbiddenError(
        `your role (${options.inviterRole}) may not ${input.role === 'owner' || current?.role === 'owner' ? 'grant or revoke the owner role' : 'invite users'}`,
      );
    }
    const user = existing ?? (await insertUser(trx, { email, name: input.name ?? '', language: defaultLanguageFor(ctx.org.country) }));
    await upsertMembership(trx, ctx.org.id, user.id, input.role);
    const { secret, hash } = newSecret();
    const expiresAt = oneTimeTokenExpiry('invitation', ctx.now);
    await insertOneTimeToken(trx, { tokenHash: hash, kind: 'invitation', userId: user.id, organisationId: ctx.org.id, role: input.role, expiresAt });
    const link = accountLink(options.publicUrl, 'invitation', secret);
    if (options.email) {
      const text = accountEmailText('invitation', user.language, { organisation: ctx.org.name, link, role: input.role });
      await insertAccountEmail(trx, {
        organisationId: ctx.org.id,
        userId: user.id,
        kind: 'invitation',
        recipient: user.email,
        language: user.language,
        subject: text.subject,
        bodyText: text.text,
        now: ctx.now,
      });
    }
    await appendInteraction(trx, ctx.org.id, {
      occurredAt: ctx.now,
      customerId: null,
      actor: ctx.actor,
      channel: 'system',
      kind: 'user_invited',
      content: { user_id: user.id, email: user.email, role: input.role, emailed: options.email },
    });
    return { id: user.id, email: user.email, role: input.role, expires_at: expiresAt, link };
  });
}
