import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { DecimalStyle } from '../../domain/money.ts';
import { UserError } from '../errors.ts';

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
 * expected columns (any order), comma or semicolon separated.
 */
export async function openCsv(path: string, columns: readonly string[], options: CsvOptions, onError: (error: RowError) => void): Promise<CsvFile> {
  const { size } = await stat(path).catch(() => {
    throw new UserError(`cannot read ${path}: no such file`);
  });
  const head = await readHead(path);
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const delimiter = options.delimiter ?? (count(firstLine, ';') > count(firstLine, ',') ? ';' : ',');
  const decimal = options.decimal ?? (delimiter === ';' ? 'comma' : 'point');
  const header = firstLine.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''));
  const missing = columns.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !columns.includes(h));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length ? `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
      unknown.length ? `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    throw new UserError(`${path}, line 1 (header): ${parts.join('; ')}. Expected: ${columns.join(',')}`, 'bad_header');
  }

  const stream = createReadStream(path);
  const parser = stream.pipe(
    parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: false, skip_empty_lines: true, info: true, from_line: 2 }),
  );
  async function* rows(): AsyncIterable<CsvRow> {
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        const line = info.lines;
        if (record.length !== header.length) {
          onError({ line, column: null, reason: `has ${record.length} columns, the header has ${header.length}` });
          continue;
        }
        const values: Record<string, string> = {};
        let badEncoding = false;
        header.forEach((name, i) => {
          const value = record[i] ?? '';
          if (value.includes('\uFFFD')) {
            onError({ line, column: name, reason: 'is not valid UTF-8 text (save the file as UTF-8)' });
            badEncoding = true;
          }
          values[name] = value;
        });
        if (!badEncoding) yield { line, values };
      }
    } catch (error) {
      const err = error as { code?: string; lines?: number; message: string };
      if (err.code?.startsWith('CSV_')) {
        onError({ line: err.lines ?? 0, column: null, reason: `malformed CSV: ${err.message.replace(/^Invalid Record Length: |^Invalid /, '')}` });
        return;
      }
      throw error;
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

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
