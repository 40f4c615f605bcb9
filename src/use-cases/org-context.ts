import type { Db, Tx } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import { dateInZone } from '../domain/dates.ts';
import { organisationById } from '../stores/organisations.ts';

/**
 * What every use case acts within: the organisation's row (read once per request or run),
 * who is acting (a user id, "api-token:<id>", "cli", "system") and the instant it happens.
 */
export interface OrgContext {
  org: Organisation;
  actor: string;
  now: Date;
}

export async function loadOrgContext(db: Db | Tx, organisationId: string, actor: string, now: Date): Promise<OrgContext> {
  return { org: await organisationById(db, organisationId), actor, now };
}

/** The organisation's business date at the context's instant (its time zone decides when a day starts). */
export function businessDateOf(ctx: OrgContext): string {
  return dateInZone(ctx.now, ctx.org.timezone);
}
