import type { Organisation } from '../db/schema.ts';
import { dateInZone } from '../domain/dates.ts';

/**
 * What every use case acts within: the organisation's row (read once per request or run),
 * who is acting (a user id, "api-token:<id>", "cli", "system") and the instant it happens.
 */
export interface OrgContext {
  org: Organisation;
  actor: string;
  now: Date;
}

/** The organisation's business date at the context's instant (its time zone decides when a day starts). */
export function businessDateOf(ctx: OrgContext): string {
  return dateInZone(ctx.now, ctx.org.timezone);
}
