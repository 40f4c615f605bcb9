import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { overdueRemovals } from '../../use-cases/escalation/overdue-removals.ts';
import { exportWriteOffsCsv } from '../../use-cases/escalation/write-off-export.ts';
import { UserError } from '../../use-cases/errors.ts';
import { withContext, type GlobalOptions } from '../context.ts';
import { textTable } from '../output.ts';

/** CLI commands for escalation. */
export function registerEscalation(program: Command, globals: () => GlobalOptions): void {
  const writeoff = program.command('writeoff').description('bad-debt write-offs');
  writeoff
    .command('export')
    .description('accounting export (CSV) of write-offs and recoveries between two dates, inclusive')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { from: string; to: string; out?: string }) => {
      for (const [name, value] of [['--from', options.from], ['--to', options.to]] as const) {
        if (!isIsoDate(value)) throw new UserError(`${name} "${value}" is not a date in the form YYYY-MM-DD`);
      }
      if (options.from > options.to) throw new UserError(`--from ${options.from} is after --to ${options.to}`);
      const csv = await withContext(globals(), ({ database, org }) => exportWriteOffsCsv(database.db, org.id, options.from, options.to));
      if (options.out) writeFileSync(options.out, csv);
      else process.stdout.write(csv);
    });

  const bureau = program.command('bureau').description('credit-bureau listings');
  bureau
    .command('overdue')
    .description('paid listings whose removal is past the 5-business-day deadline (STJ Súmula 548)')
    .option('--as-of <date>', 'YYYY-MM-DD (default: today in the organisation time zone)')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      if (options.asOf && !isIsoDate(options.asOf)) throw new UserError(`--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      const { asOf, rows } = await withContext(globals(), async ({ database, org }) => {
        const day = options.asOf ?? dateInZone(new Date(), org.timezone);
        return { asOf: day, rows: await overdueRemovals(database.db, org.id, day) };
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ as_of: asOf, data: rows }, null, 2)}\n`);
        return;
      }
      const table = rows.map((r) => [r.customer_external_id, r.protocol ?? '', r.paid_on, r.removal_due_on, String(r.days_overdue), r.last_error ?? '']);
      process.stdout.write(`Overdue bureau removals as of ${asOf}\n${textTable(['customer', 'protocol', 'paid', 'due', 'days', 'last error'], table, (i) => i === 4)}\n`);
    });
}
