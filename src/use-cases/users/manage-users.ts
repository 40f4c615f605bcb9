import type { Db } from '../../db/database.ts';
import { inTransaction } from '../../db/transaction.ts';
import { mayAssignRole, type Role } from '../../domain/roles.ts';
import { revokeSessionsOfUser } from '../../stores/sessions.ts';
import { countActiveOwners, membershipOf, updateMembership, userByEmail, userById, usersOfOrganisation, type OrganisationUserRow } from '../../stores/users.ts';
import { isUuid } from '../record-ref.ts';
import { appendInteraction } from '../contact-record.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { ForbiddenError } from './errors.ts';

export type OrganisationUser = OrganisationUserRow;

/** The organisation's users with their role, by e-mail. */
export function listUsers(db: Db, ctx: OrgContext): Promise<OrganisationUser[]> {
  return usersOfOrganisation(db, ctx.org.id);
}

/**
 * Changes a user's role in the organisation and/or disables (enables) them there. Only an owner
 * grants or revokes owner; the last active owner stays. Disabling ends the user's sessions in
 * the organisation.
 */
export async function updateOrganisationUser(
  db: Db,
  ctx: OrgContext,
  actorRole: Role,
  userId: string,
  patch: { role?: Role | undefined; disabled?: boolean | undefined },
): Promise<OrganisationUser> {
  return inTransaction(db, async (trx) => {
    const membership = isUuid(userId) ? await membershipOf(trx, ctx.org.id, userId) : undefined;
    if (!membership) throw new NotFoundError('user', userId);
    if (patch.role !== undefined && patch.role !== membership.role && !mayAssignRole(actorRole, patch.role, membership.role)) {
      throw new ForbiddenError(
        `your role (${actorRole}) may not ${patch.role === 'owner' || membership.role === 'owner' ? 'grant or revoke the owner role' : 'change roles'}`,
      );
    }
    if (patch.disabled !== undefined && membership.role === 'owner' && !mayAssignRole(actorRole, 'owner')) {
      throw new ForbiddenError(`your role (${actorRole}) may not disable an owner`);
    }
    const losesOwner =
      membership.role === 'owner' && !membership.disabled_at && ((patch.role !== undefined && patch.role !== 'owner') || patch.disabled === true);
    if (losesOwner && (await countActiveOwners(trx, ctx.org.id)) <= 1)
      throw new ConflictError('the organisation must keep at least one active owner', 'last_owner');
    await updateMembership(trx, ctx.org.id, userId, {
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.disabled !== undefined ? { disabled_at: patch.disabled ? (membership.disabled_at ?? ctx.now) : null } : {}),
    });
    if (patch.disabled === true) await revokeSessionsOfUser(trx, userId, ctx.now, ctx.org.id);
    await appendInteraction(trx, ctx.org.id, {
      occurredAt: ctx.now,
      customerId: null,
      actor: ctx.actor,
      channel: 'system',
      kind: 'user_changed',
      content: {
        user_id: userId,
        ...(patch.role !== undefined ? { role: patch.role, previous_role: membership.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      },
    });
    const user = (await usersOfOrganisation(trx, ctx.org.id)).find((u) => u.id === userId);
    return user!;
  });
}

/** `regua user disable EMAIL`: disables the user in the organisation (the CLI acts as an owner). */
export async function disableUserByEmail(db: Db, ctx: OrgContext, email: string): Promise<OrganisationUser> {
  const user = await userByEmail(db, email);
  if (!user) throw new NotFoundError('user', email);
  return updateOrganisationUser(db, ctx, 'owner', user.id, { disabled: true });
}

/** The signed-in user's profile (GET /me). */
export async function userProfile(db: Db, userId: string): Promise<{ id: string; email: string; name: string; language: string } | null> {
  const user = await userById(db, userId);
  return user ? { id: user.id, email: user.email, name: user.name, language: user.language } : null;
}
