import { countDeliveries, observeRun } from '../adapters/metrics.ts';
import type { Db } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import { dateInZone } from '../domain/dates.ts';
import { allOrganisations } from '../stores/organisations.ts';
import { claimScheduledRun } from '../stores/cadence-runs.ts';
import { staleRunMs } from '../use-cases/cadence/run-cadence.ts';
import { runDay, type DayDeps, type DayResult } from '../use-cases/daily/run-day.ts';
import type { OrgContext } from '../use-cases/org-context.ts';
import { deliverAccountEmails } from '../use-cases/users/deliver-account-emails.ts';

const defaultRunAt = '08:00';
/** Messages and webhooks delivered per organisation and tick. */
const deliveryLimit = 500;

interface ScheduleOptions {
  batchSize?: number;
  concurrency?: number;
}

/**
 * The run the scheduler owes the organisation now: its business date, when its local clock has
 * passed the configured time and no process has run (or is running) that date yet. Several
 * `serve` processes may ask: the partial unique index on scheduled runs lets exactly one claim it.
 */
async function claimDueRun(db: Db, org: Organisation, now: Date): Promise<{ asOf: string; runId: string } | null> {
  const asOf = dateInZone(now, org.timezone);
  const localTime = new Intl.DateTimeFormat('en-GB', { timeZone: org.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  if (localTime < (org.settings.run_at ?? defaultRunAt)) return null;
  const claimed = await claimScheduledRun(db, org.id, asOf, now, new Date(now.getTime() - staleRunMs));
  return claimed ? { asOf, runId: claimed.id } : null;
}

/** The scheduler's part of the day: decide when due (see claimDueRun), then deliver messages and webhooks. */
async function scheduledDay(db: Db, ctx: OrgContext, deps: DayDeps, options: ScheduleOptions & { schedule: boolean }): Promise<DayResult> {
  const claim = options.schedule ? await claimDueRun(db, ctx.org, ctx.now) : null;
  const decide = claim
    ? {
        asOf: claim.asOf,
        trigger: 'scheduler',
        runId: claim.runId,
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      }
    : undefined;
  return runDay(db, ctx, { ...(decide ? { decide } : {}), deliver: true, deliveryLimit }, deps);
}

export interface BackgroundWork {
  stop(): Promise<void>;
}

/**
 * The loop inside `serve` (scheduler + delivery) and `worker` (delivery only): every tick,
 * for every organisation, the day (src/use-cases/daily/run-day.ts): run the cadence when due,
 * then deliver due messages and webhooks.
 */
export function startBackgroundWork(
  db: Db,
  deps: DayDeps,
  options: ScheduleOptions & { schedule: boolean; intervalMs?: number; log?: (line: string) => void },
): BackgroundWork {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tick = async () => {
    const organisations = await allOrganisations(db);
    for (const org of organisations) {
      if (stopped) return;
      const started = performance.now();
      const { run, delivery } = await scheduledDay(db, { org, actor: 'system', now: new Date() }, deps, options);
      const seconds = (performance.now() - started) / 1000;
      if (run) {
        observeRun(seconds, run.actions);
        log(
          `[${org.slug}] daily run ${run.as_of}: ${run.customers_evaluated} customers, ${Object.values(run.actions).reduce((a, b) => a + b, 0)} actions, ${run.deferred} deferred, ${seconds.toFixed(1)} s`,
        );
      }
      if (delivery) countDeliveries({ ...delivery });
      if (delivery && delivery.sent + delivery.failed > 0)
        log(`[${org.slug}] delivered ${delivery.sent}, failed ${delivery.failed}, retrying ${delivery.retried}`);
    }
    // Invitations and password resets belong to users, not to one organisation: once per tick.
    if (!stopped && deps.delivery.emailTransport) await deliverAccountEmails(db, deps.delivery.emailTransport, new Date());
  };
  const loop = () => {
    if (stopped) return;
    current = tick()
      .catch((error: unknown) => log(`background work failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs ?? 30_000);
      });
  };
  loop();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
