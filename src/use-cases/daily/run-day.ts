import type { Db } from '../../db/database.ts';
import { runCadence, type RunOptions, type RunSummary } from '../cadence/run-cadence.ts';
import { deliverDue, type DeliveryDeps, type DeliverySummary } from '../delivery/deliver-messages.ts';
import type { CreditBureau } from '../../adapters/bureau/credit-bureau.ts';
import { refreshInsight, type InsightRefresh } from '../insight/refresh-insight.ts';
import type { OrgContext } from '../org-context.ts';
import { sweepRetention } from '../privacy/retention-sweep.ts';
import { deliverWebhooks, type WebhookDeliverySummary } from '../webhooks/deliver-webhooks.ts';

/** What the day of an organisation runs with: delivery's transports and composer, the credit bureau. */
export interface DayDeps {
  delivery: DeliveryDeps;
  bureau?: CreditBureau;
}

export interface DayRequest {
  /** Decide the cadence for this business date (regua run, or the scheduler once the date is claimed); omitted: deliver only. */
  decide?: Omit<RunOptions, 'now' | 'bureau'>;
  /** Then deliver what is due at ctx.now: messages, then organisation webhooks. */
  deliver: boolean;
  /** At most this many messages and this many webhooks per call (the background loop bounds each tick). */
  deliveryLimit?: number;
}

export interface DayResult {
  /** Risk scores and tiers recomputed for the business date (the model retrained when a week old). */
  insight: InsightRefresh | null;
  run: RunSummary | null;
  /** Customers whose personal data the retention sweep erased (after a real decision run). */
  erased: number;
  delivery: DeliverySummary | null;
  webhooks: WebhookDeliverySummary | null;
}

/**
 * The day of one organisation, composed once for `regua run`, the scheduler inside `serve` and
 * `regua worker`: score every customer's risk and recompute its tier as of the business date
 * (retraining the risk model when it is a week old), so that the cadence's tier and risk-band
 * conditions read fresh values; decide the cadence as of the business date (plans, promises, dispute
 * deadlines, steps, escalations: runCadence), then deliver the messages that may go out at
 * `ctx.now`, then the webhooks the decisions and deliveries queued. After a real (not dry) run,
 * the retention sweep erases the personal data of closed debts past their retention period.
 */
export async function runDay(db: Db, ctx: OrgContext, request: DayRequest, deps: DayDeps): Promise<DayResult> {
  const decide = request.decide;
  const insight = decide && !decide.dryRun ? await refreshInsight(db, ctx, { train: 'when_due', asOf: decide.asOf }) : null;
  const run = decide ? await runCadence(db, ctx.org, { ...decide, now: ctx.now, ...(deps.bureau ? { bureau: deps.bureau } : {}) }) : null;
  const { erased } = decide && !decide.dryRun ? await sweepRetention(db, ctx) : { erased: 0 };
  if (!request.deliver) return { insight, run, erased, delivery: null, webhooks: null };
  const limit = request.deliveryLimit;
  const delivery = await deliverDue(db, ctx.org, ctx.now, deps.delivery, ...(limit === undefined ? [] : [limit]));
  const webhooks = await deliverWebhooks(db, ctx.org.id, ctx.now, limit === undefined ? {} : { limit });
  return { insight, run, erased, delivery, webhooks };
}
