/**
 * CNAB 400 "arquivo retorno" de cobrança of Banco do Brasil (001, convênios 6 and 7), Santander
 * (033), Banrisul (041), Caixa (104), Unicred (136), Bradesco (237), Itaú (341), Sicredi (748)
 * and Sicoob (756), chosen by the bank code
 * in the header (positions 077-079). Each bank's positions are data in cnab400-layouts.ts; this
 * module reads any of them. Every record is 400 characters. Positions are 1-based, inclusive.
 *
 * Header (0)
 *   001 "0" · 002 "2" retorno · 003-009 "RETORNO" · 010-011 service "01" · 012-026 "COBRANCA"
 *   077-079 bank code · 095-100 file date DDMMAA (Sicredi: 095-102 AAAAMMDD) · 395-400 sequence "000001"
 * Detail (1; Banco do Brasil convênio 7: 7): see the bank's layout
 * Trailer (9)
 *   002 "2" · 003-004 "01" · 005-007 bank code (Sicredi: 003-005 bank code) · 395-400 sequence
 *
 * Record sequences must run 1, 2, 3 … to the trailer; the trailer's totals are the bank's
 * portfolio totals, not counts of this file, so they are not checked. Other record types
 * (2-8: rateio, Pix, multa records some banks add after a detail) are skipped. Each bank's
 * liquidação codes are settlements; every other occurrence is kept as an 'info' line, marked
 * `rejected` for the bank's rejection codes.
 */
import type { IsoDate } from '../../domain/dates.ts';
import { err, ok } from '../result.ts';
import type { Cnab400Detail, Cnab400Layout, DateSpan } from './cnab400-layouts.ts';
import { CNAB400_LAYOUTS, cnab400Layout } from './cnab400-layouts.ts';
import { FixedWidthRecord, fixedWidthLines, printable } from './fixed-width.ts';
import type { StatementContent, StatementLine, StatementProblem, StatementResult } from './statement.ts';
import { definedOnly, fingerprintWithRepeats, occurrenceCounter, zeroSettlementsAsNotices } from './statement.ts';
import { decodeStatementText, splitLines } from './text.ts';

export interface Cnab400Options {
  /** Occurrence codes that mean "paid"; default the bank's liquidação codes (cnab400-layouts.ts). */
  readonly settlementCodes?: readonly string[];
}

const RECORD_LENGTH = 400;

export function parseCnab400(content: StatementContent, options: Cnab400Options = {}): StatementResult {
  const source = splitLines(decodeStatementText(content));
  if (source.length === 0) return err([{ line: 1, message: 'the file is empty' }]);
  const problems: StatementProblem[] = [];
  const warnings: StatementProblem[] = [];
  const padded = fixedWidthLines(source, RECORD_LENGTH, 'CNAB 400', problems, warnings);
  if (problems.length > 0) return err(problems);

  const records = padded.map(({ lineNo, text }) => new FixedWidthRecord(text, lineNo, problems));
  records.forEach((record, index) => {
    const sequence = record.digits(395, 400, 'sequence');
    if (sequence !== undefined && Number(sequence) !== index + 1) {
      record.problem('sequence', `record sequence (positions 395-400) is ${Number(sequence)}, expected ${index + 1}`);
    }
  });

  const header = records[0] as FixedWidthRecord;
  const layout = checkHeader(header);
  const settlementCodes = new Set(options.settlementCodes ?? layout?.settlementCodes ?? []);
  const rejectionCodes = new Set(layout?.rejectionCodes ?? []);
  const fallbackDate =
    (layout?.headerCreditDate && header.date6(...layout.headerCreditDate, 'credit_date')) || readDate(header, layout?.fileDate ?? [95, 100], 'file_date');
  const headerAccount = layout?.headerAccount ? header.trimmed(...layout.headerAccount) : undefined;
  const last = records[records.length - 1] as FixedWidthRecord;
  const hasTrailer = records.length > 1 && last.raw(1, 1) === '9';
  const lines: StatementLine[] = [];
  const repeat = occurrenceCounter();
  for (const record of records.slice(1, hasTrailer ? -1 : undefined)) {
    const type = record.raw(1, 1);
    const detail = layout?.details[type];
    if (layout && detail) lines.push(statementLine(record, layout, detail, { settlementCodes, rejectionCodes, fallbackDate, headerAccount, repeat }));
    else if (type === '0') record.problem('record_type', 'a second header record (type 0)');
    else if (type === '9') record.problem('record_type', 'the trailer (type 9) must be the last record');
    else if (!/^[1-8]$/.test(type)) record.problem('record_type', `record type (position 001) must be 0, a detail (1-8) or 9, found "${printable(type)}"`);
  }
  if (!hasTrailer) {
    last.problem('record_type', 'the file ends without a trailer (record type 9)');
  } else {
    if (last.raw(2, 2) !== '2') last.problem('file_code', `trailer position 002 must be 2 (retorno), found "${printable(last.raw(2, 2))}"`);
    const bankAt = layout?.trailerBankCode ?? ([5, 7] as const);
    if (!layout?.trailerBankCode && last.raw(3, 4) !== '01')
      last.problem('service', `trailer service (positions 003-004) must be 01, found "${printable(last.raw(3, 4))}"`);
    if (layout && last.raw(...bankAt) !== layout.bankCode) {
      last.problem(
        'bank_code',
        `trailer bank code (positions ${pad3(bankAt[0])}-${pad3(bankAt[1])}) must be ${layout.bankCode}, found "${printable(last.raw(...bankAt))}"`,
      );
    }
  }

  if (problems.length > 0 || !layout) return err(problems);
  const checked = zeroSettlementsAsNotices(lines, warnings);
  return ok({ format: 'cnab400', bankCode: layout.bankCode, currency: 'BRL', lines: checked, ...(warnings.length > 0 ? { warnings } : {}) });
}

function checkHeader(header: FixedWidthRecord): Cnab400Layout | undefined {
  if (header.raw(1, 1) !== '0') header.problem('record_type', `the first record must be the header (type 0), found "${printable(header.raw(1, 1))}"`);
  const fileCode = header.raw(2, 2);
  if (fileCode === '1') header.problem('file_code', 'this is a remessa file (1 at position 002), not a retorno (2)');
  else if (fileCode !== '2') header.problem('file_code', `position 002 must be 2 (retorno), found "${printable(fileCode)}"`);
  if (header.raw(10, 11) !== '01') header.problem('service', `service (positions 010-011) must be 01 (cobrança), found "${printable(header.raw(10, 11))}"`);
  const bank = header.raw(77, 79);
  const layout = cnab400Layout(bank);
  if (!layout) {
    const known = CNAB400_LAYOUTS.map((l) => `${l.bankName} (${l.bankCode})`).join(', ');
    header.problem('bank_code', `bank code (positions 077-079) is "${printable(bank)}": CNAB 400 retornos are read for ${known}`);
  }
  return layout;
}

/** A DDMMAA date at `at`, or an AAAAMMDD one. */
function readDate(record: FixedWidthRecord, at: DateSpan, field: string): IsoDate | undefined {
  return 'aaaammdd' in at ? record.dateYmd8(...at.aaaammdd, field) : record.date6(...at, field);
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

interface LineContext {
  readonly settlementCodes: ReadonlySet<string>;
  readonly rejectionCodes: ReadonlySet<string>;
  readonly fallbackDate: IsoDate | undefined;
  /** The beneficiary's code from the header, for banks whose details do not carry it. */
  readonly headerAccount: string | undefined;
  readonly repeat: (key: string) => number;
}

function statementLine(record: FixedWidthRecord, layout: Cnab400Layout, detail: Cnab400Detail, context: LineContext): StatementLine {
  const movementCode = record.raw(109, 110);
  if (!/^[0-9]{2}$/.test(movementCode))
    record.problem('occurrence_code', `occurrence code (positions 109-110) must be 2 digits, found "${printable(movementCode)}"`);
  const nossoNumero = record.trimmed(...detail.nossoNumero) || undefined;
  const amount = (span: readonly [number, number] | undefined, field: string) => (span ? record.amount(...span, field) : 0);
  const occurrenceDate = record.date6(111, 116, 'occurrence_date');
  const boleto = {
    dueDate: record.date6(147, 152, 'due_date'),
    faceValueMinor: record.amount(153, 165, 'face_value'),
    interestMinor: record.amount(267, 279, 'interest') + amount(detail.fine, 'fine'),
    discountMinor: record.amount(241, 253, 'discount'),
    rebateMinor: record.amount(228, 240, 'rebate'),
    iofMinor: amount(detail.iof, 'iof'),
    otherExpensesMinor: amount(detail.otherExpenses, 'other_expenses'),
    otherCreditsMinor: amount(detail.otherCredits, 'other_credits'),
    occurrenceDate,
    creditDate: detail.creditDate ? readDate(record, detail.creditDate, 'credit_date') : occurrenceDate,
    reasonCodes: detail.reasons ? record.codes(...detail.reasons.at, detail.reasons.width) : [],
  };
  const paidMinor = record.amount(254, 266, 'paid_amount');
  const date = boleto.occurrenceDate ?? boleto.creditDate ?? context.fallbackDate;
  if (date === undefined) record.problem('occurrence_date', 'the occurrence has no occurrence date, credit date or file date');
  const isoDate = date ?? '0000-00-00';
  const account = detail.account ? record.trimmed(...detail.account) : context.headerAccount;
  return definedOnly({
    lineNo: record.lineNo,
    fingerprint: fingerprintWithRepeats(['cnab400', layout.bankCode, account, nossoNumero, movementCode, isoDate, paidMinor], context.repeat),
    date: isoDate,
    amountMinor: paidMinor,
    kind: context.settlementCodes.has(movementCode) ? ('settlement' as const) : ('info' as const),
    rejected: !context.settlementCodes.has(movementCode) && context.rejectionCodes.has(movementCode) ? (true as const) : undefined,
    nossoNumero,
    documentNumber: record.trimmed(...detail.documentNumber) || undefined,
    memo: (detail.control && record.trimmed(...detail.control)) || undefined,
    movementCode,
    feesMinor: record.amount(...detail.fees, 'fees'),
    boleto: definedOnly(boleto),
  });
}
