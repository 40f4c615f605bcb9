import type { Db } from '../../src/db/database.ts';
import type { Organisation } from '../../src/db/schema.ts';
import type { OrgContext } from '../../src/use-cases/org-context.ts';

/** The organisation context a test hands to a use case: the organisation's row, who acts (a test by default) and when (now by default). */
export function orgContext(org: Organisation, acting: { actor: string; now: Date } = { actor: 'test', now: new Date() }): OrgContext {
  return { org, actor: acting.actor, now: acting.now };
}

/** The same, for a test that holds only the organisation's id: its row read from the database. */
export async function orgContextById(db: Db, organisationId: string, acting?: { actor: string; now: Date }): Promise<OrgContext> {
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
  return orgContext(org, acting);
}
