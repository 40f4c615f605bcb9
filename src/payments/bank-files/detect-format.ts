/**
 * Which parser a bank file needs, from its first bytes: OFX announces itself (OFXHEADER or
 * <OFX>), CNAB files by the length of their first record and its record type (or, with
 * trailing blanks stripped, by how the header begins), CSV by a header
 * row that names a date and an amount column.
 */
import { err } from '../result.ts';
import type { Cnab240Options } from './cnab240.ts';
import { parseCnab240 } from './cnab240.ts';
import type { Cnab400Options } from './cnab400.ts';
import { parseCnab400 } from './cnab400.ts';
import type { CsvStatementOptions } from './csv-statement.ts';
import { guessDelimiter, parseCsvStatement } from './csv-statement.ts';
import type { OfxOptions } from './ofx.ts';
import { parseOfx } from './ofx.ts';
import type { StatementContent, StatementFormat, StatementResult } from './statement.ts';
import { decodeStatementText } from './text.ts';

export function detectFormat(content: StatementContent): StatementFormat | undefined {
  const text = decodeStatementText(content);
  const head = text.slice(0, 4096);
  if (/OFXHEADER|<OFX>/i.test(head)) return 'ofx';
  const firstLine = /^[^\n]*/.exec(text.trimStart())?.[0].replace(/\r$/, '') ?? '';
  if (firstLine.length === 240 && firstLine[7] === '0') return 'cnab240';
  if (firstLine.length === 400 && firstLine[0] === '0') return 'cnab400';
  // Headers whose trailing blanks were stripped: recognised by how they begin.
  if (firstLine.length < 400 && /^0[12](RETORNO|REMESSA)/.test(firstLine)) return 'cnab400';
  if (firstLine.length < 240 && /^[0-9]{3}00000/.test(firstLine)) return 'cnab240';
  if (looksLikeCsvHeader(firstLine)) return 'csv';
  return undefined;
}

function looksLikeCsvHeader(line: string): boolean {
  const delimiter = guessDelimiter(line);
  if (!line.includes(delimiter)) return false;
  const names = line.split(delimiter).map((n) =>
    n
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z]/g, ''),
  );
  const hasDate = names.some((n) => n === 'date' || n.startsWith('data') || n.endsWith('date'));
  const hasAmount = names.some((n) => n === 'amount' || n.startsWith('valor') || n === 'value');
  return hasDate && hasAmount;
}

export type StatementOptions = Cnab240Options &
  Cnab400Options &
  OfxOptions &
  CsvStatementOptions & {
    /** Skip detection and use this parser. */
    readonly format?: StatementFormat;
  };

/** Detects the format (unless given) and parses with the matching parser. */
export function parseStatement(content: StatementContent, options: StatementOptions = {}): StatementResult {
  const format = options.format ?? detectFormat(content);
  switch (format) {
    case 'cnab240':
      return parseCnab240(content, options);
    case 'cnab400':
      return parseCnab400(content, options);
    case 'ofx':
      return parseOfx(content, options);
    case 'csv':
      return parseCsvStatement(content, options);
    default:
      return err([{ line: 1, message: 'unrecognised file: expected a CNAB 240 or CNAB 400 retorno, an OFX statement or a CSV with a date,amount header' }]);
  }
}
