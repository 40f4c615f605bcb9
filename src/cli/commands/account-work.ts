import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { dateInZone, isIsoDate } from '../../domain/dates.ts';
import { formatAmount } from '../../domain/money.ts';
import { exportCustomerRecord, recordExportJson } from '../../use-cases/account-work/customer-record.ts';
import { recordPdf } from '../../use-cases/account-work/record-pdf.ts';
import { worklist, type WorklistItem } from '../../use-cases/account-work/worklist.ts';
import { UserError } from '../../use-cases/errors.ts';
import { worklistItemJson } from '../../http/schemas/account-work.ts';
import { cliContext, type GlobalOptions, orgContextOf, withContext } from '../context.ts';
import { textTable } from '../output.ts';

/** `regua log export` (beside `log verify`) and `regua worklist`. */
export function registerAccountWork(program: Command, globals: () => GlobalOptions): void {
  const log = program.commands.find((c) => c.name() === 'log') ?? program.command('log').description('the contact record');
  log
    .command('export')
    .description("export one customer's contact record (each entry with its hash) as JSON or PDF evidence")
    .requiredOption('--customer <external_id>', "the customer's external id")
    .option('--format <format>', 'json | pdf', 'json')
    .requiredOption('--out <file>', 'file to write')
    .action(async (o: { customer: string; format: string; out: string }) => {
      if (o.format !== 'json' && o.format !== 'pdf') throw new UserError('--format must be json or pdf');
      const exported = await withContext(globals(), (context) => exportCustomerRecord(context.database.db, orgContextOf(context), { externalId: o.customer }));
      const content = o.format === 'pdf' ? await recordPdf(exported) : `${JSON.stringify(recordExportJson(exported), null, 2)}\n`;
      await writeFile(o.out, content);
      process.stderr.write(
        `${o.out}: ${exported.entries.length} entries of ${exported.customer.external_id}; chain ${exported.chain.intact ? 'intact' : `BROKEN at entry ${exported.chain.brokenAt?.seq}`}\n`,
      );
    });

  program
    .command('worklist')
    .description("today's calls, broken promises and disputes near their deadline, ranked by expected recovery within each currency (the organisation's first)")
    .option('--as-of <date>', 'business date (default: today in the organisation time zone)')
    .option('--assignee <user>', 'only the items assigned to this user')
    .option('--limit <n>', 'at most this many items', '100')
    .option('--json', 'print JSON')
    .action(async (o: { asOf?: string; assignee?: string; limit: string; json?: boolean }) => {
      if (o.asOf !== undefined && !isIsoDate(o.asOf)) throw new UserError(`--as-of: "${o.asOf}" is not a date YYYY-MM-DD`);
      const limit = Number(o.limit);
      if (!Number.isSafeInteger(limit) || limit < 1) throw new UserError('--limit must be a positive whole number');
      const { asOf, items } = await withContext(globals(), async ({ database, org }) => {
        const asOf = o.asOf ?? dateInZone(new Date(), org.timezone);
        const page = await worklist(
          database.db,
          cliContext(org),
          { asOf, ...(o.assignee !== undefined ? { assignee: o.assignee } : {}) },
          { limit, after: null },
        );
        return { asOf, items: page.items };
      });
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ as_of: asOf, items: items.map(worklistItemJson) })}\n`);
        return;
      }
      if (items.length === 0) {
        process.stdout.write(`nothing to do on ${asOf}\n`);
        return;
      }
      process.stdout.write(
        `${textTable(
          ['#', 'kind', 'customer', 'open', 'days', 'likely', 'expected', 'assigned', 'task'],
          items.map((w, i) => row(i + 1, w)),
          (c) => [0, 3, 4, 5, 6].includes(c),
        )}\n`,
      );
    });
}

function row(rank: number, w: WorklistItem): string[] {
  const money = (minor: number) => (w.currency ? `${formatAmount(minor, w.currency)} ${w.currency}` : '-');
  return [
    String(rank),
    w.kind,
    w.customerExternalId,
    money(w.openMinor),
    String(w.daysOverdue),
    `${(w.likelihoodPermille / 10).toFixed(1)}%`,
    money(w.expectedMinor),
    w.assignedTo ?? '',
    w.taskId,
  ];
}
