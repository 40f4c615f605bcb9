import type { Db } from '../../db/database.ts';
import { addDays } from '../../domain/dates.ts';
import { defaultRetentionDays, dueForErasure } from '../../domain/privacy.ts';
import { erasureCandidates } from '../../stores/privacy.ts';
import { businessDateOf, type OrgContext } from '../org-context.ts';
import { eraseWithFacts } from './erase-customer.ts';

/** The organisation's retention period in days (settings.retention_days, else the default). */
export function retentionDaysOf(ctx: OrgContext): number {
  const days = ctx.org.settings.retention_days;
  return typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : defaultRetentionDays;
}

/**
 * The daily sweep: erases the personal data of every customer whose debt is closed and whose
 * retention period after the last activity has passed. Each erasure is its own transaction
 * that re-checks the facts, so a customer who came back in the meantime is left alone.
 */
export async function sweepRetention(db: Db, ctx: OrgContext): Promise<{ erased: number }> {
  const today = businessDateOf(ctx);
  const days = retentionDaysOf(ctx);
  let erased = 0;
  for (const facts of await erasureCandidates(db, ctx.org.id, addDays(today, -days))) {
    if (!dueForErasure(facts, days, today)) continue;
    const reason = `retention period of ${days} days after the last activity (${facts.lastActivityOn}) ended`;
    const erasure = await eraseWithFacts(db, ctx, facts.customerId, 'retention', reason, (now) => dueForErasure(now, days, today));
    if (erasure) erased += 1;
  }
  return { erased };
}
