import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import { dateInZone } from '../domain/dates.ts';
import { runCadence, type RunSummary } from '../use-cases/cadence/run-cadence.ts';
import type { CreditBureau } from '../use-cases/escalation/credit-bureau.ts';
import { deliverDue, type DeliveryDeps } from '../use-cases/delivery/deliver-messages.ts';
import { deliverWebhooks } from '../use-cases/webhooks/deliver-webhooks.ts';
import { deliverAccountEmails } from '../use-cases/users/deliver-account-emails.ts';

const defaultRunAt = '08:00';
/** A scheduled run that started this long ago without finishing died with its process. */
const staleRunMs = 15 * 60_000;

/**
 * The daily run of one organisation, when its local clock has passed the configured time and
 * no process has run (or is running) that business date yet. Several `serve` processes may
 * call this: the partial unique index on scheduled runs lets exactly one claim the date.
 */
export async function runIfDue(db: Db, org: Organisation, now: Date, options: { batchSize?: number; concurrency?: number; bureau?: CreditBureau } = {}): Promise<RunSummary | null> {
  const asOf = dateInZone(now, org.timezone);
  const localTime = new Intl.DateTimeFormat('en-GB', { timeZone: org.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  if (localTime < (org.settings.run_at ?? defaultRunAt)) return null;
  const claimed = await db
    .insertInto('cadence_runs')
    .values({ organisation_id: org.id, as_of: asOf, trigger: 'scheduler', summary: null })
    .onConflict((oc) => oc.expression(sql`organisation_id, as_of`).where('trigger', '=', 'scheduler').doUpdateSet({ started_at: now })
      .where('cadence_runs.finished_at', 'is', null).where('cadence_runs.started_at', '<', new Date(now.getTime() - staleRunMs)))
    .returning('id')
    .executeTakeFirst();
  if (!claimed) return null;
  return runCadence(db, org, { asOf, now, trigger: 'scheduler', runId: claimed.id, ...options });
}

export interface BackgroundWork {
  stop(): Promise<void>;
}

/**
 * The loop inside `serve` (scheduler + delivery) and `worker` (delivery only): every tick,
 * for every organisation, run the cadence when due, then deliver due messages and webhooks.
 */
export function startBackgroundWork(db: Db, deps: DeliveryDeps, options: { schedule: boolean; intervalMs?: number; batchSize?: number; concurrency?: number; bureau?: CreditBureau; log?: (line: string) => void }): BackgroundWork {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tick = async () => {
    const organisations = await db.selectFrom('organisations').selectAll().execute();
    for (const org of organisations) {
      if (stopped) return;
      const now = new Date();
      if (options.schedule) {
        const summary = await runIfDue(db, org, now, { ...(options.batchSize ? { batchSize: options.batchSize } : {}), ...(options.concurrency ? { concurrency: options.concurrency } : {}), ...(options.bureau ? { bureau: options.bureau } : {}) });
        if (summary) log(`[${org.slug}] daily run ${summary.as_of}: ${summary.customers_evaluated} customers, ${Object.values(summary.actions).reduce((a, b) => a + b, 0)} actions, ${summary.deferred} deferred`);
      }
      const delivered = await deliverDue(db, org, now, deps, 500);
      if (delivered.sent + delivered.failed > 0) log(`[${org.slug}] delivered ${delivered.sent}, failed ${delivered.failed}, retrying ${delivered.retried}`);
      await deliverWebhooks(db, org.id, now, { limit: 500 });
      // Invitations and password resets (any organisation's): the e-mail transport ignores the transaction.
      if (deps.channels.includes('email')) await deliverAccountEmails(db, deps.transportFor('email', org, db as unknown as Tx), now);
    }
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
