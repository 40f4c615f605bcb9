import type { Command } from 'commander';
import { formatAmount } from '../../domain/money.ts';
import { paymentDetailJson } from '../../http/schemas/payments.ts';
import { bankLineJson } from '../../http/schemas/reconciliation.ts';
import { UserError } from '../../use-cases/errors.ts';
import { allocateLine } from '../../use-cases/reconciliation/allocate-line.ts';
import { ignoreLine } from '../../use-cases/reconciliation/ignore-line.ts';
import { listQueue, type QueueLine } from '../../use-cases/reconciliation/review-queue.ts';
import { importStatement, type ImportStatementResult } from '../../use-cases/reconciliation/import-statement.ts';
import type { StatementFormat } from '../../payments/bank-files/statement.ts';
import { type GlobalOptions, orgContextOf, withContext } from '../context.ts';
import { textTable } from '../output.ts';

const formats: readonly StatementFormat[] = ['cnab240', 'cnab400', 'ofx', 'csv'];

/** Most lines a terminal listing shows; the API pages through the rest. */
const QUEUE_LIMIT = 500;

/**
 * CLI commands for reconciliation: `regua bank import FILE`, and the review queue as the API
 * offers it (`bank queue`, `bank allocate LINE_ID`, `bank ignore LINE_ID`).
 */
export function registerReconciliation(program: Command, globals: () => GlobalOptions): void {
  const bank = program.command('bank').description('bank statements: import and reconcile');
  bank
    .command('import')
    .description('import a bank statement (CNAB 240/400 retorno, OFX, CSV), pay what matches, queue the rest for review')
    .argument('<file>', 'the statement file')
    .option('--dry-run', 'match and count, write nothing')
    .option('--format <format>', `force the format: ${formats.join(' | ')} (default: detected)`)
    .option('--currency <code>', 'currency of a CSV statement (default BRL)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { dryRun?: boolean; format?: string; currency?: string; json?: boolean }) => {
      if (options.format !== undefined && !formats.includes(options.format as StatementFormat))
        throw new UserError(`--format must be one of ${formats.join(', ')}`);
      const result = await withContext(globals(), ({ database, org }) =>
        importStatement(
          database.db,
          org,
          { path: file },
          {
            now: new Date(),
            actor: 'cli',
            dryRun: Boolean(options.dryRun),
            ...(options.format ? { format: options.format as StatementFormat } : {}),
            ...(options.currency ? { currency: options.currency } : {}),
          },
        ),
      );
      // Warnings go to stderr: stdout keeps its one-line summary or JSON object.
      for (const w of result.warnings) process.stderr.write(`warning: line ${w.line}${w.field ? `, field ${w.field}` : ''}: ${w.message}\n`);
      process.stdout.write(options.json ? `${JSON.stringify(resultJson(result))}\n` : summary(result));
    });

  bank
    .command('queue')
    .description('bank lines waiting for a person (suggested or unmatched), oldest first, with the suggested invoices')
    .option('--status <status>', 'suggested | unmatched')
    .option('--json', 'print JSON (the shape of GET /reconciliation/queue)')
    .action(async (o: { status?: string; json?: boolean }) => {
      if (o.status !== undefined && o.status !== 'suggested' && o.status !== 'unmatched')
        throw new UserError(`--status must be suggested or unmatched (got "${o.status}")`);
      const status = o.status as 'suggested' | 'unmatched' | undefined;
      const page = await withContext(globals(), (context) =>
        listQueue(context.database.db, orgContextOf(context), status ? { status } : {}, { limit: QUEUE_LIMIT, after: null }),
      );
      if (o.json) return void process.stdout.write(`${JSON.stringify({ data: page.items.map(bankLineJson) }, null, 2)}\n`);
      if (page.items.length === 0) return void process.stdout.write('the reconciliation queue is empty\n');
      process.stdout.write(`${textTable(['line', 'date', 'amount', 'status', 'payer', 'memo', 'suggested'], page.items.map(queueRow), (c) => c === 2)}\n`);
      if (page.next) process.stdout.write(`(the first ${QUEUE_LIMIT} lines; the API pages through the rest)\n`);
    });

  bank
    .command('allocate')
    .description("allocate a queued line by hand: it becomes a payment of the customer, to the invoices named (in order) or the customer's oldest first")
    .argument('<line_id>', 'the line id (see regua bank queue)')
    .option('--invoice <external_ids...>', 'invoices paid, in order (one customer); several, or comma separated')
    .option('--customer <external_id>', 'or the customer who paid: the money goes to the oldest open invoices')
    .option('--json', 'print JSON (the shape of POST /reconciliation/lines/{id}/allocate)')
    .action(async (lineId: string, o: { invoice?: string[]; customer?: string; json?: boolean }) => {
      const invoices = (o.invoice ?? [])
        .flatMap((i) => i.split(','))
        .map((i) => i.trim())
        .filter((i) => i !== '');
      if (invoices.length > 0 === (o.customer !== undefined)) throw new UserError('name either --invoice or --customer');
      const input = invoices.length > 0 ? { invoice_ids: invoices.map((i) => `ext:${i}`) } : { customer_id: `ext:${o.customer}` };
      const { line, payment } = await withContext(globals(), (context) => allocateLine(context.database.db, orgContextOf(context), lineId, input));
      if (o.json) return void process.stdout.write(`${JSON.stringify({ line: bankLineJson(line), payment: paymentDetailJson(payment) }, null, 2)}\n`);
      process.stdout.write(
        `line ${line.id} (${formatAmount(line.amount_minor, line.currency)} ${line.currency} on ${line.entry_date}) allocated: payment ${payment.external_id}\n`,
      );
    });

  bank
    .command('ignore')
    .description('take a line out of the queue: not a customer payment')
    .argument('<line_id>', 'the line id (see regua bank queue)')
    .option('--reason <text>', 'why (kept on the line)')
    .option('--json', 'print JSON (the shape of POST /reconciliation/lines/{id}/ignore)')
    .action(async (lineId: string, o: { reason?: string; json?: boolean }) => {
      if (o.reason !== undefined && o.reason.length > 500) throw new UserError('--reason must be at most 500 characters');
      const input = o.reason !== undefined ? { reason: o.reason } : {};
      const line = await withContext(globals(), (context) => ignoreLine(context.database.db, orgContextOf(context), lineId, input));
      process.stdout.write(o.json ? `${JSON.stringify(bankLineJson(line), null, 2)}\n` : `line ${line.id} ignored${line.note ? ` (${line.note})` : ''}\n`);
    });
}

function queueRow(l: QueueLine): string[] {
  const suggested = l.suggested_invoices.map((s) => `${s.invoice_external_id} (${s.customer_external_id}, ${s.rule})`).join(', ');
  return [
    l.id,
    l.entry_date,
    `${formatAmount(l.amount_minor, l.currency)} ${l.currency}`,
    l.status,
    [l.payer_name, l.payer_tax_id].filter(Boolean).join(' '),
    l.memo ?? '',
    suggested,
  ];
}

function resultJson(r: ImportStatementResult) {
  return {
    file: r.filename,
    statement_id: r.statementId,
    format: r.format,
    sha256: r.sha256,
    dry_run: r.dryRun,
    duplicate_file: r.duplicateFile,
    lines: r.lines,
    ...r.counts,
    payments_created: r.paymentsCreated,
  };
}

function summary(r: ImportStatementResult): string {
  if (r.duplicateFile) return `${r.filename}: already imported (same file), nothing done\n`;
  const c = r.counts;
  return (
    `${r.filename}: ${r.format}, ${r.lines} lines: ${c.matched} matched, ${c.suggested} suggested, ${c.unmatched} unmatched, ${c.ignored} ignored, ${c.duplicate} duplicate` +
    `${r.dryRun ? ' (dry run, nothing written)' : ''}\n`
  );
}
