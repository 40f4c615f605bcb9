import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { savePolicy } from '../../use-cases/cadence/policies.ts';
import type { RunSummary } from '../../use-cases/cadence/run-cadence.ts';
import { runDay } from '../../use-cases/daily/run-day.ts';
import { deliverDue, type DeliverySummary } from '../../use-cases/delivery/deliver-messages.ts';
import { deliveryWarnings } from '../../use-cases/delivery/delivery-warnings.ts';
import { UserError } from '../../use-cases/errors.ts';
import { wire } from '../../wiring.ts';
import { orgContextOf, withContext, type GlobalOptions } from '../context.ts';
import { progressBar } from '../progress.ts';

/** regua run, regua deliver, regua policy import. */
export function registerCadence(program: Command, globals: () => GlobalOptions): void {
  program
    .command('run')
    .description('the daily cadence run: decide for the business date, then deliver what may be sent now')
    .option('--as-of <date>', 'business date YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--now <instant>', 'ISO-8601 instant used for allowed hours and delivery (default: the clock)')
    .option('--dry-run', 'decide and count, write and send nothing')
    .option('--no-deliver', 'decide and write the outbox, send nothing')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { asOf?: string; now?: string; dryRun?: boolean; deliver: boolean; json?: boolean }) => {
      const now = parseNow(options.now);
      if (options.asOf && !isIsoDate(options.asOf)) throw new UserError(`--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      await withContext(globals(), async (context) => {
        const { database, org, config } = context;
        const asOf = options.asOf ?? dateInZone(now, org.timezone);
        // Said before deciding: a run whose messages cannot go out should not look like a success.
        const warnings = options.dryRun ? [] : deliveryWarnings(org, config);
        warn(warnings);
        const adapters = wire(config);
        const bar = progressBar('deciding', { json: options.json });
        const onProgress = (n: number) => bar.update(n, undefined, { n, unit: 'customers' });
        const day = await runDay(
          database.db,
          orgContextOf(context, now),
          {
            decide: { asOf, dryRun: Boolean(options.dryRun), concurrency: database.engine === 'pglite' ? 1 : 2, onProgress },
            deliver: options.deliver && !options.dryRun,
          },
          { delivery: adapters.delivery, bureau: adapters.bureau },
        );
        bar.done();
        printRun(day.run!, day.delivery ?? undefined, warnings, Boolean(options.json));
      });
    });

  program
    .command('deliver')
    .description('deliver whatever is pending and allowed at that moment (deferred messages, retries)')
    .option('--now <instant>', 'ISO-8601 instant (default: the clock)')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { now?: string; json?: boolean }) => {
      const now = parseNow(options.now);
      await withContext(globals(), async ({ database, org, config }) => {
        warn(deliveryWarnings(org, config));
        const bar = progressBar('delivering', { json: options.json });
        const summary = await deliverDue(database.db, org, now, wire(config).delivery, undefined, (n) => bar.update(n, undefined, { n, unit: 'messages' }));
        bar.done();
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${describeDelivery(summary)}\n`);
      });
    });

  program
    .command('policy')
    .description('cadence policies')
    .command('import')
    .description('save a cadence policy from a JSON file as a new version')
    .argument('<file>', 'policy JSON: { "name", "version", "steps": [...] }')
    .option('--segments <list>', 'customer segments that follow this policy, comma separated')
    .option('--default', 'make it the policy for customers of no listed segment')
    .action(async (file: string, options: { segments?: string; default?: boolean }) => {
      let input: unknown;
      try {
        input = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new UserError(`${file}: ${(error as Error).message}`);
      }
      await withContext(globals(), async ({ database, org }) => {
        const saved = await savePolicy(database.db, org.id, input, {
          segments:
            options.segments
              ?.split(',')
              .map((s) => s.trim())
              .filter(Boolean) ?? [],
          isDefault: Boolean(options.default),
        });
        process.stdout.write(`policy ${saved.name} saved as version ${saved.version}\n`);
      });
    });
}

function parseNow(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const now = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(now.getTime()))
    throw new UserError(`--now "${text}" is not an ISO-8601 instant like 2026-11-23T09:00:00-03:00`);
  return now;
}

function warn(warnings: readonly string[]): void {
  for (const warning of warnings) process.stderr.write(`regua: warning: ${warning}\n`);
}

/** DESIGN §4's keys as they are, then `delivery` (null when nothing was delivered) and `warnings`. */
function printRun(summary: RunSummary, delivery: DeliverySummary | undefined, warnings: readonly string[], json: boolean): void {
  if (json) {
    const { sent, deferred, held, failed, retried } = delivery ?? {};
    process.stdout.write(`${JSON.stringify({ ...summary, delivery: delivery ? { sent, deferred, held, failed, retried } : null, warnings })}\n`);
    return;
  }
  const actions =
    Object.entries(summary.actions)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none';
  const suppressed =
    Object.entries(summary.suppressed)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ') || 'none';
  process.stdout.write(
    `run as of ${summary.as_of}: ${summary.customers_evaluated} customers evaluated\n  actions: ${actions}\n  suppressed: ${suppressed}\n  deferred to an allowed slot: ${summary.deferred}\n`,
  );
  if (delivery) process.stdout.write(`  ${describeDelivery(delivery)}\n`);
  for (const warning of warnings) process.stdout.write(`  warning: ${warning}\n`);
}

function describeDelivery(s: DeliverySummary): string {
  return `delivery: ${s.sent} sent, ${s.deferred} deferred, ${s.retried} to retry, ${s.failed} failed, ${s.cancelled} cancelled (no longer true), ${s.held} held (no transport configured)`;
}
