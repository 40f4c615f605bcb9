/**
 * A bank statement exported as CSV: a header row, then one row per entry with the columns
 * `date,amount,description,reference` (only date and amount are required; payer name and
 * payer tax id columns are read when present). Two dialects:
 *   - comma-separated, ISO dates, decimal point:  2026-03-02,1250.00,PIX RECEBIDO,E2E…
 *   - semicolon- (or tab-) separated, as Brazilian spreadsheets write it, decimal comma and
 *     DD/MM/YYYY dates:                          02/03/2026;1.250,00;PIX RECEBIDO;E2E…
 * The separator comes from the header row, the decimal style from the separator; both can be
 * forced by options. Either date form is accepted in either dialect. Column names are
 * matched without case, accents or punctuation, in English or Portuguese ("Data", "Valor",
 * "Descrição", "Histórico", "Referência", "Documento" …). Quoted fields follow RFC 4180.
 */
import type { IsoDate } from '../../domain/dates.ts';
import { isIsoDate } from '../../domain/dates.ts';
import type { DecimalStyle } from '../../domain/money.ts';
import { isKnownCurrency, parseAmount } from '../../domain/money.ts';
import { validateTaxId } from '../../domain/tax-id.ts';
import { err, ok } from '../result.ts';
import { printable } from './fixed-width.ts';
import { extractPixTxid, extractTaxId } from './references.ts';
import type { StatementContent, StatementLine, StatementLineKind, StatementProblem, StatementResult } from './statement.ts';
import { definedOnly, fingerprintOf, occurrenceCounter } from './statement.ts';
import { decodeStatementText } from './text.ts';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvStatementOptions {
  readonly delimiter?: CsvDelimiter;
  readonly decimal?: DecimalStyle;
  /** ISO 4217; default BRL. */
  readonly currency?: string;
}

type Column = 'date' | 'amount' | 'description' | 'reference' | 'payer_name' | 'payer_tax_id';

const COLUMN_NAMES: Record<Column, readonly string[]> = {
  date: ['date', 'data', 'datalancamento', 'datamovimento', 'datadolancamento', 'dtlancamento', 'postingdate', 'bookingdate'],
  amount: ['amount', 'valor', 'value', 'montante', 'valorr', 'valorrs', 'valorbrl'],
  description: ['description', 'descricao', 'historico', 'memo', 'lancamento', 'detalhes', 'details'],
  reference: ['reference', 'referencia', 'documento', 'numerodocumento', 'ndocumento', 'doc', 'ref', 'fitid', 'id', 'identificador', 'transactionid'],
  payer_name: ['payername', 'payer', 'pagador', 'nomepagador', 'remetente', 'nome', 'name'],
  payer_tax_id: ['payertaxid', 'cpfcnpj', 'cpfcnpjpagador', 'cpf', 'cnpj', 'taxid'],
};

interface CsvRecord {
  readonly lineNo: number;
  readonly fields: readonly string[];
}

export function parseCsvStatement(content: StatementContent, options: CsvStatementOptions = {}): StatementResult {
  const currency = options.currency ?? 'BRL';
  if (!isKnownCurrency(currency)) return err([{ line: 1, field: 'currency', message: `"${printable(currency)}" is not an ISO 4217 currency code` }]);
  const text = decodeStatementText(content);
  const delimiter = options.delimiter ?? guessDelimiter(text);
  const decimal = options.decimal ?? (delimiter === ',' ? 'point' : 'comma');
  const problems: StatementProblem[] = [];
  const records = readRecords(text, delimiter, problems).filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = records[0];
  if (!header) return err([{ line: 1, field: 'header', message: 'the file is empty; a header row date,amount,description,reference is required' }]);
  const columns = mapColumns(header.fields);
  if (columns.date === undefined || columns.amount === undefined) {
    const found = header.fields.map((f) => printable(f.trim(), 20)).join(delimiter);
    return err([
      ...problems,
      {
        line: header.lineNo,
        field: 'header',
        message: `the header must name a date and an amount column (date,amount,description,reference), found "${printable(found)}"`,
      },
    ]);
  }

  const lines: StatementLine[] = [];
  const occurrence = occurrenceCounter();
  for (const record of records.slice(1)) {
    const cell = (column: Column): string | undefined => {
      const index = columns[column];
      const value = index === undefined ? undefined : record.fields[index]?.trim();
      return value === '' ? undefined : value;
    };
    const rawDate = cell('date') ?? '';
    const rawAmount = cell('amount') ?? '';
    const date = csvDate(rawDate);
    if (date === undefined)
      problems.push({
        line: record.lineNo,
        field: 'date',
        message: rawDate === '' ? 'date is empty' : `date must be YYYY-MM-DD or DD/MM/YYYY, found "${printable(rawDate)}"`,
      });
    const amount = csvAmount(rawAmount, currency, decimal);
    if (!amount.ok) problems.push({ line: record.lineNo, field: 'amount', message: amount.reason });
    if (date === undefined || !amount.ok) continue;

    const description = cell('description');
    const reference = cell('reference');
    const payerName = cell('payer_name');
    const taxIdCell = cell('payer_tax_id');
    const freeText = [description, reference].filter((t) => t !== undefined).join(' ');
    const payerTaxId = (taxIdCell === undefined ? undefined : brazilianTaxId(taxIdCell)) ?? extractTaxId(freeText);
    const key = ['csv', date, amount.minor, description, reference, payerName, taxIdCell];
    const kind: StatementLineKind = amount.minor > 0 ? 'credit' : amount.minor < 0 ? 'debit' : 'info';
    lines.push(
      definedOnly({
        lineNo: record.lineNo,
        fingerprint: fingerprintOf([...key, occurrence(JSON.stringify(key))]),
        date,
        amountMinor: amount.minor,
        kind,
        pixTxid: extractPixTxid(freeText),
        payerName,
        payerTaxId,
        memo: description,
        reference,
      }),
    );
  }
  if (problems.length > 0) return err(problems);
  return ok({ format: 'csv', currency, lines });
}

function brazilianTaxId(text: string): string | undefined {
  const result = validateTaxId('BR', text);
  return result.ok && (result.kind === 'cpf' || result.kind === 'cnpj') ? result.normalized : undefined;
}

/** The separator that occurs most in the first non-blank line, outside quotes (ties: comma). */
export function guessDelimiter(text: string): CsvDelimiter {
  const firstLine = /^\s*([^\n]*)/.exec(text)?.[1] ?? '';
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

function normalizeHeader(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function mapColumns(header: readonly string[]): Partial<Record<Column, number>> {
  const normalized = header.map(normalizeHeader);
  const columns: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(COLUMN_NAMES) as Column[]) {
    const index = normalized.findIndex((name) => COLUMN_NAMES[column].includes(name));
    if (index !== -1) columns[column] = index;
  }
  return columns;
}

const ISO_DATE = /^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.]{1,12}(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$/;
const BR_DATE = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})(?: [0-9:]{1,8})?$/;

/** YYYY-MM-DD or DD/MM/YYYY, a time after it ignored. */
export function csvDate(text: string): IsoDate | undefined {
  const iso = ISO_DATE.exec(text);
  if (iso?.[1] !== undefined) return isIsoDate(iso[1]) ? iso[1] : undefined;
  const br = BR_DATE.exec(text);
  if (!br) return undefined;
  const date = `${br[3]}-${br[2]}-${br[1]}`;
  return isIsoDate(date) ? date : undefined;
}

/**
 * An amount as bank spreadsheets write it: "1250.00", "1.250,00", "R$ -12,90", "(12,90)",
 * "12,90-", "12,90 D" / "1.250,00 C" (debit / credit markers) → signed minor units.
 */
export function csvAmount(text: string, currency: string, decimal: DecimalStyle): { ok: true; minor: number } | { ok: false; reason: string } {
  let t = text.replace(/[\s\u00a0]/g, '').replace(/R\$/i, '');
  if (t === '') return { ok: false, reason: 'amount is empty' };
  let negative = false;
  const flip = (pattern: RegExp, strip: (s: string) => string): void => {
    if (pattern.test(t)) {
      negative = !negative;
      t = strip(t);
    }
  };
  flip(/^\(.*\)$/, (s) => s.slice(1, -1));
  if (/[CD]$/i.test(t)) {
    if (/D$/i.test(t)) negative = !negative;
    t = t.slice(0, -1);
  }
  flip(/^-/, (s) => s.slice(1));
  flip(/-$/, (s) => s.slice(0, -1));
  t = t.replace(/^\+/, '');
  if (decimal === 'point' && /^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$/.test(t)) t = t.replaceAll(',', '');
  const parsed = /^[0-9]/.test(t) ? parseAmount(t, currency, decimal) : { ok: false as const, reason: '' };
  if (!parsed.ok) {
    const example = decimal === 'point' ? '1234.56' : '1.234,56';
    return { ok: false, reason: `amount must be a decimal number like ${example}, found "${printable(text)}"` };
  }
  const minor = negative ? -parsed.minor : parsed.minor;
  return { ok: true, minor: minor === 0 ? 0 : minor };
}

/**
 * RFC 4180 records: quoted fields may hold separators, doubled quotes and line breaks; a
 * record is numbered by the line it starts on. A quote left open is reported.
 */
function readRecords(text: string, delimiter: CsvDelimiter, problems: StatementProblem[]): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let fieldStart = true;
  const endField = (): void => {
    fields.push(field);
    field = '';
    fieldStart = true;
  };
  const endRecord = (): void => {
    endField();
    records.push({ lineNo: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (char === delimiter) {
      endField();
    } else if (char === '\n') {
      if (field.endsWith('\r')) field = field.slice(0, -1);
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += char;
      fieldStart = false;
    }
  }
  if (quoted) problems.push({ line: recordLine, message: 'a quoted field is never closed' });
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}
