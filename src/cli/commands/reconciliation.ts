import type { Command } from 'commander';
import { UserError } from '../../use-cases/errors.ts';
import { importStatement, type ImportStatementResult } from '../../use-cases/reconciliation/import-statement.ts';
import type { StatementFormat } from '../../payments/bank-files/statement.ts';
import { withContext, type GlobalOptions } from '../context.ts';

const formats: readonly StatementFormat[] = ['cnab240', 'cnab400', 'ofx', 'csv'];

/** CLI commands for reconciliation: `regua bank import FILE`. */
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
      if (options.format !== undefined && !formats.includes(options.format as StatementFormat)) throw new UserError(`--format must be one of ${formats.join(', ')}`);
      const result = await withContext(globals(), ({ database, org }) =>
        importStatement(database.db, org, { path: file }, {
          now: new Date(), actor: 'cli', dryRun: Boolean(options.dryRun),
          ...(options.format ? { format: options.format as StatementFormat } : {}), ...(options.currency ? { currency: options.currency } : {}),
        }));
      // Warnings go to stderr: stdout keeps its one-line summary or JSON object.
      for (const w of result.warnings) process.stderr.write(`warning: line ${w.line}${w.field ? `, field ${w.field}` : ''}: ${w.message}\n`);
      process.stdout.write(options.json ? `${JSON.stringify(resultJson(result))}\n` : summary(result));
    });
}

function resultJson(r: ImportStatementResult) {
  return {
    file: r.filename, statement_id: r.statementId, format: r.format, sha256: r.sha256, dry_run: r.dryRun, duplicate_file: r.duplicateFile,
    lines: r.lines, ...r.counts, payments_created: r.paymentsCreated,
  };
}

function summary(r: ImportStatementResult): string {
  if (r.duplicateFile) return `${r.filename}: already imported (same file), nothing done\n`;
  const c = r.counts;
  return `${r.filename}: ${r.format}, ${r.lines} lines: ${c.matched} matched, ${c.suggested} suggested, ${c.unmatched} unmatched, ${c.ignored} ignored, ${c.duplicate} duplicate` +
    `${r.dryRun ? ' (dry run, nothing written)' : ''}\n`;
}
