import type { Db } from '../../db/database.ts';
import type { Session, User } from '../../db/schema-users.ts';
import { setSessionOrganisation } from '../../stores/sessions.ts';
import { membershipOf } from '../../stores/users.ts';
import { isUuid } from '../record-ref.ts';
import { ForbiddenError } from './errors.ts';
import { sessionView, type SessionView } from './sessions.ts';

/** Selects the organisation the session acts in; the user must be an active member of it. */
export async function selectOrganisation(db: Db, session: Session, user: User, organisationId: string): Promise<SessionView> {
  const membership = isUuid(organisationId) ? await membershipOf(db, organisationId, user.id) : undefined;
  if (!membership || membership.disabled_at) throw new ForbiddenError(`you are not a member of organisation ${organisationId}`);
  const updated = await setSessionOrganisation(db, session.id, organisationId);
  return sessionView(db, updated, user);
}
