import type { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.ts';
import { importFile, type ImportKind, type ImportResult, type ImportSpec } from '../../use-cases/import/import-file.ts';
import { customersImport } from '../../use-cases/import/import-customers.ts';
import { invoicesImport } from '../../use-cases/import/import-invoices.ts';
import { paymentsImport } from '../../use-cases/import/import-payments.ts';
import { UserError } from '../../use-cases/errors.ts';
import { withContext, type GlobalOptions } from '../context.ts';
import { progressBar } from '../progress.ts';

const specs: Record<ImportKind, ImportSpec<never>> = {
  customers: customersImport as ImportSpec<never>,
  invoices: invoicesImport as ImportSpec<never>,
  payments: paymentsImport as ImportSpec<never>,
};

export function registerImport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('import')
    .description('import customers, invoices or payments from a CSV file (all or nothing)')
    .argument('<kind>', 'customers | invoices | payments')
    .argument('<file>', 'CSV file (UTF-8, header row)')
    .option('--dry-run', 'validate and count, write nothing')
    .option('--delimiter <char>', 'field separator: "," or ";" (default: detected from the header)')
    .option('--decimal <style>', 'amounts as "point" (1234.56) or "comma" (1.234,56); default: comma for ";" files')
    .option(
      '--date <date>',
      'business date YYYY-MM-DD on which changed invoice amounts and due dates take effect (default: today in the organisation time zone)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (kind: string, file: string, options: { dryRun?: boolean; delimiter?: string; decimal?: string; date?: string; json?: boolean }) => {
      const spec = specs[kind as ImportKind];
      if (!spec) throw new UserError(`unknown import kind "${kind}": use customers, invoices or payments`);
      if (options.delimiter && options.delimiter !== ',' && options.delimiter !== ';') throw new UserError('--delimiter must be "," or ";"');
      if (options.decimal && options.decimal !== 'point' && options.decimal !== 'comma') throw new UserError('--decimal must be "point" or "comma"');
      if (options.date !== undefined && !isIsoDate(options.date)) throw new UserError(`--date "${options.date}" is not a date in the form YYYY-MM-DD`);
      const result = await withContext(globals(), async ({ database, org }) => {
        const bar = progressBar(`importing ${kind}`, { json: options.json });
        try {
          return await importFile(database.db, org.id, spec, file, {
            dryRun: Boolean(options.dryRun),
            ...(options.delimiter ? { delimiter: options.delimiter as ',' | ';' } : {}),
            ...(options.decimal ? { decimal: options.decimal as 'point' | 'comma' } : {}),
            ...(options.date ? { date: options.date } : {}),
            onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, { n: p.rows, unit: 'rows' }),
          });
        } finally {
          bar.done();
        }
      });
      printResult(result, Boolean(options.json));
      if (result.errorCount > 0) process.exitCode = 1;
    });
}

function printResult(result: ImportResult, json: boolean): void {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ kind: result.kind, file: result.file, rows: result.rows, dry_run: result.dryRun, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, error_count: result.errorCount, errors: result.errors })}\n`,
    );
    return;
  }
  if (result.errorCount > 0) {
    process.stderr.write(`${result.file}: rejected, nothing was imported. ${result.errorCount} problem${result.errorCount > 1 ? 's' : ''}:\n`);
    for (const e of result.errors) process.stderr.write(`  line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.reason}\n`);
    if (result.errorCount > result.errors.length) process.stderr.write(`  … and ${result.errorCount - result.errors.length} more\n`);
    return;
  }
  const verb = result.dryRun ? 'would import' : 'imported';
  process.stdout.write(
    `${result.file}: ${verb} ${result.rows} ${result.kind} rows: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged${result.dryRun ? ' (dry run, nothing written)' : ''}\n`,
  );
}
