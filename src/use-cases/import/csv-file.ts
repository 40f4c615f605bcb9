import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { csvLayout, firstLineOf, headerProblem, malformedCsv, rowOf, type CsvOptions, type CsvRow, type RowError } from '../../domain/csv-rows.ts';
import type { DecimalStyle } from '../../domain/money.ts';
import { UserError } from '../errors.ts';

export type { CsvOptions, CsvRow, RowError } from '../../domain/csv-rows.ts';

export interface CsvFile {
  delimiter: ',' | ';';
  decimal: DecimalStyle;
  totalBytes: number;
  bytesRead: () => number;
  /** Rows with exactly the header's columns; malformed lines are reported to onError and skipped. */
  rows: AsyncIterable<CsvRow>;
}

/**
 * Opens a CSV file for streaming: UTF-8 with or without BOM, header row with exactly the
 * expected columns (any order), comma or semicolon separated (rules: domain/csv-rows.ts).
 */
export async function openCsv(path: string, columns: readonly string[], options: CsvOptions, onError: (error: RowError) => void): Promise<CsvFile> {
  const { size } = await stat(path).catch(() => {
    throw new UserError(`cannot read ${path}: no such file`);
  });
  const { delimiter, decimal, header } = csvLayout(firstLineOf(await readHead(path)), options);
  const problem = headerProblem(header, columns);
  if (problem !== null) throw new UserError(`${path}, line 1 (header): ${problem}. Expected: ${columns.join(',')}`, 'bad_header');

  const stream = createReadStream(path);
  const parser = stream.pipe(parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: false, skip_empty_lines: true, info: true, from_line: 2 }));
  async function* rows(): AsyncIterable<CsvRow> {
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const result = rowOf(record, header, info.lines);
        if ('row' in result) yield result.row;
        else result.errors.forEach(onError);
      }
    } catch (error) {
      const problem = malformedCsv(error as { code?: string; lines?: number; message: string });
      if (problem === null) throw error;
      onError(problem);
    }
  }
  return { delimiter, decimal, totalBytes: size, bytesRead: () => stream.bytesRead, rows: rows() };
}

async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
