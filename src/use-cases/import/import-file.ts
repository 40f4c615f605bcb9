import type { Db, Tx } from '../../db/database.ts';
import type { Validated } from '../../domain/field-error.ts';
import type { DecimalStyle } from '../../domain/money.ts';
import { businessDate } from '../account-work/support.ts';
import { appendInteraction } from '../contact-record.ts';
import { openCsv, type CsvOptions, type RowError } from './csv-file.ts';
import { createStaging, insertStaging, repeatedExternalIds, type ImportKind, type MergedCounts, type StagingColumn } from '../../stores/imports.ts';

export type { ImportKind } from '../../stores/imports.ts';
export type MergeCounts = MergedCounts;

/** How one kind of file is validated, staged, checked against the database and merged. */
export interface ImportSpec<R> {
  readonly kind: ImportKind;
  readonly columns: readonly string[];
  readonly staging: readonly StagingColumn[];
  validate(values: Record<string, string>, decimal: DecimalStyle): Validated<R>;
  toStaging(record: R, line: number): Record<string, unknown>;
  /** Checks that need the whole file or the database (duplicates, unknown references). */
  check(trx: Tx, organisationId: string): Promise<RowError[]>;
  merge(trx: Tx, organisationId: string, context: MergeContext): Promise<MergeCounts>;
}

export interface MergeContext {
  /** The import's business date: changes to existing records take effect on it. */
  date: string;
  actor: string;
}

export interface ImportOptions extends CsvOptions {
  dryRun?: boolean;
  actor?: string;
  /** Business date of the import; default: today in the organisation's time zone. */
  date?: string;
  onProgress?: (progress: { rows: number; bytesRead: number; totalBytes: number }) => void;
}

export interface ImportResult extends MergeCounts {
  kind: ImportKind;
  file: string;
  rows: number;
  dryRun: boolean;
  /** Empty when the import succeeded; otherwise nothing was written. */
  errors: RowError[];
  errorCount: number;
}

const maxReportedErrors = 1000;
const batchSize = 5000;

class Rejected extends Error {}

/**
 * Imports a whole file or nothing: every row is validated and staged inside one transaction;
 * any bad row rolls everything back and the report lists every problem (line, column,
 * reason). Re-importing the same file changes nothing (see each spec's merge).
 */
export async function importFile<R>(db: Db, organisationId: string, spec: ImportSpec<R>, path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const errors: RowError[] = [];
  let errorCount = 0;
  const report = (error: RowError) => {
    errorCount++;
    if (errors.length < maxReportedErrors) errors.push(error);
  };
  const result: ImportResult = {
    kind: spec.kind,
    file: path,
    rows: 0,
    dryRun: Boolean(options.dryRun),
    inserted: 0,
    updated: 0,
    unchanged: 0,
    errors,
    errorCount: 0,
  };
  const csv = await openCsv(path, spec.columns, options, report);

  try {
    await db.transaction().execute(async (trx) => {
      await createStaging(trx, spec.kind, spec.staging);
      let batch: Record<string, unknown>[] = [];
      // One batch is written while the next is parsed: the server works while Node reads.
      let writing: Promise<void> = Promise.resolve();
      const write = async (rows: Record<string, unknown>[]) => {
        await writing;
        writing = insertStaging(trx, spec.kind, spec.staging, rows);
        writing.catch(() => {}); // awaited below; this only keeps it from counting as unhandled meanwhile
      };
      for await (const row of csv.rows) {
        result.rows++;
        const validated = spec.validate(row.values, csv.decimal);
        if (validated.ok) batch.push(spec.toStaging(validated.value, row.line));
        else for (const e of validated.errors) report({ line: row.line, column: e.field, reason: e.reason });
        if (batch.length >= batchSize) {
          if (errorCount === 0) await write(batch);
          batch = [];
          options.onProgress?.({ rows: result.rows, bytesRead: csv.bytesRead(), totalBytes: csv.totalBytes });
        }
      }
      if (errorCount === 0) await write(batch);
      await writing;
      options.onProgress?.({ rows: result.rows, bytesRead: csv.totalBytes, totalBytes: csv.totalBytes });
      if (errorCount > 0) throw new Rejected();

      for (const error of await spec.check(trx, organisationId)) report(error);
      if (errorCount > 0) throw new Rejected();

      const date = options.date ?? (await businessDate(trx, organisationId, new Date()));
      Object.assign(result, await spec.merge(trx, organisationId, { date, actor: options.actor ?? 'cli' }));
      if (options.dryRun) throw new Rejected();
      await appendInteraction(trx, organisationId, {
        occurredAt: new Date(),
        customerId: null,
        actor: options.actor ?? 'cli',
        channel: 'system',
        kind: 'import',
        content: {
          kind: spec.kind,
          file: path.split('/').at(-1) ?? path,
          rows: result.rows,
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
        },
      });
    });
  } catch (error) {
    if (!(error instanceof Rejected)) throw error;
  }
  errors.sort((a, b) => a.line - b.line);
  result.errorCount = errorCount;
  return result;
}

/** Reports each line of the staged file after the first that repeats an external id. */
export async function duplicateExternalIds(trx: Tx, kind: ImportKind): Promise<RowError[]> {
  const duplicates = await repeatedExternalIds(trx, kind);
  return duplicates.flatMap((r) =>
    r.lines.slice(1).map((line) => ({ line, column: 'external_id', reason: `duplicate external_id "${r.external_id}" (first on line ${r.lines[0]})` })),
  );
}
