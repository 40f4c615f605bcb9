import type { DecimalStyle } from './money.ts';

/**
 * The pure rules of an imported CSV file: the layout read from its header line (delimiter,
 * decimal style, columns), the header check, and each parsed record turned into a row or
 * into the problems it has. Reading the file is src/use-cases/import/csv-file.ts.
 */

/** A problem with one cell (or a whole line) of an imported file. */
export interface RowError {
  line: number;
  column: string | null;
  reason: string;
}

export interface CsvOptions {
  /** ',' or ';'; detected from the header line when absent. */
  delimiter?: ',' | ';';
  /** 'point' (1234.56) or 'comma' (1.234,56); follows the delimiter when absent (';' files come from pt-BR spreadsheets). */
  decimal?: DecimalStyle;
}

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvLayout {
  delimiter: ',' | ';';
  decimal: DecimalStyle;
  header: string[];
}

/** The first line of a file's head (UTF-8 text, BOM or not). */
export function firstLineOf(head: string): string {
  return head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
}

/** Delimiter (the more frequent of ';' and ',' unless given), decimal style (follows the delimiter unless given) and header columns. */
export function csvLayout(firstLine: string, options: CsvOptions): CsvLayout {
  const delimiter = options.delimiter ?? (count(firstLine, ';') > count(firstLine, ',') ? ';' : ',');
  const decimal = options.decimal ?? (delimiter === ';' ? 'comma' : 'point');
  const header = firstLine.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''));
  return { delimiter, decimal, header };
}

/** What is wrong with a header that must have exactly `columns` (any order), or null. */
export function headerProblem(header: readonly string[], columns: readonly string[]): string | null {
  const missing = columns.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !columns.includes(h));
  if (missing.length === 0 && unknown.length === 0) return null;
  return [
    missing.length ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
    unknown.length ? `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** A parsed record as a row named by the header, or the problems that keep it out (column count, text that is not UTF-8). */
export function rowOf(record: readonly string[], header: readonly string[], line: number): { row: CsvRow } | { errors: RowError[] } {
  if (record.length !== header.length) return { errors: [{ line, column: null, reason: `has ${record.length} columns, the header has ${header.length}` }] };
  const values: Record<string, string> = {};
  const errors: RowError[] = [];
  header.forEach((name, i) => {
    const value = record[i] ?? '';
    if (value.includes('\uFFFD')) errors.push({ line, column: name, reason: 'is not valid UTF-8 text (save the file as UTF-8)' });
    values[name] = value;
  });
  return errors.length > 0 ? { errors } : { row: { line, values } };
}

/** A CSV parser's error (code CSV_…) as the problem of its line; null for any other error. */
export function malformedCsv(error: { code?: string; lines?: number; message: string }): RowError | null {
  if (!error.code?.startsWith('CSV_')) return null;
  return { line: error.lines ?? 0, column: null, reason: `malformed CSV: ${error.message.replace(/^Invalid Record Length: |^Invalid /, '')}` };
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
