/**
 * CNAB 400 "arquivo retorno" of Bradesco cobrança (bank 237; Bradesco manual 4008.524.0121),
 * chosen over Itaú because its detail states the amount the payer paid ("valor pago")
 * whereas Itaú's "valor principal" is the amount credited net of fees on some contracts.
 * Every record is 400 characters. Positions are 1-based and inclusive.
 *
 * Header (0)
 *   001 "0" · 002 "2" retorno · 003-009 "RETORNO" · 010-011 service "01" · 012-026 "COBRANCA"
 *   027-046 company code · 047-076 company name · 077-079 bank "237" · 080-094 bank name
 *   095-100 file date DDMMAA · 109-113 bank notice number · 380-385 credit date DDMMAA
 *   395-400 sequence "000001"
 * Detail (1)
 *   002-003 company id type · 004-017 company CNPJ/CPF
 *   021-037 company at the bank (zero, carteira, agency, account, DV)
 *   038-062 participant control number (the company's own id of the title)
 *   071-081 nosso número · 082 its check digit · 108 carteira
 *   109-110 occurrence code · 111-116 occurrence date DDMMAA · 117-126 document number
 *   147-152 due date DDMMAA · 153-165 face value · 166-168 collecting bank · 169-173 agency
 *   176-188 collection fee (tarifa) · 189-201 other expenses / protest costs
 *   215-227 IOF · 228-240 rebate (abatimento) · 241-253 discount · 254-266 paid amount
 *   267-279 late interest (juros de mora) · 280-292 other credits
 *   296-301 credit date DDMMAA · 319-328 rejection reasons (5 × 2)
 *   395-400 sequence number in the file
 * Trailer (9)
 *   002 "2" · 003-004 "01" · 005-007 "237" · 395-400 sequence
 *
 * Amounts are 13 digits with 2 implied decimals. Record sequences must run 1, 2, 3 … to the
 * trailer; the trailer's totals are the bank's portfolio totals, not counts of this file, so
 * they are not checked. Type-3 records (credit apportionment, "rateio") are skipped.
 * Occurrence codes 06 (liquidação normal), 15 (liquidação em cartório) and 17 (liquidação
 * após baixa ou título não registrado) are settlements; 02, 09, 10, 16 (paid by cheque, not
 * yet cleared) and the rest are 'info'.
 */
import type { IsoDate } from '../../domain/dates.ts';
import { err, ok } from '../result.ts';
import { FixedWidthRecord, printable } from './fixed-width.ts';
import type { StatementContent, StatementLine, StatementProblem, StatementResult } from './statement.ts';
import { definedOnly, fingerprintOf } from './statement.ts';
import { decodeStatementText, splitLines } from './text.ts';

export const BRADESCO_BANK_CODE = '237';
export const CNAB400_SETTLEMENT_CODES: readonly string[] = ['06', '15', '17'];

export interface Cnab400Options {
  /** Occurrence codes that mean "paid"; default 06, 15 and 17. */
  readonly settlementCodes?: readonly string[];
}

const RECORD_LENGTH = 400;

export function parseCnab400(content: StatementContent, options: Cnab400Options = {}): StatementResult {
  const source = splitLines(decodeStatementText(content));
  if (source.length === 0) return err([{ line: 1, message: 'the file is empty' }]);
  const problems: StatementProblem[] = [];
  for (const { lineNo, text } of source) {
    if (text.length !== RECORD_LENGTH) {
      problems.push({ line: lineNo, field: 'length', message: `line has ${text.length} characters; CNAB 400 records have exactly ${RECORD_LENGTH}` });
    }
  }
  if (problems.length > 0) return err(problems);

  const records = source.map(({ lineNo, text }) => new FixedWidthRecord(text, lineNo, problems));
  const settlementCodes = new Set(options.settlementCodes ?? CNAB400_SETTLEMENT_CODES);
  records.forEach((record, index) => {
    const sequence = record.digits(395, 400, 'sequence');
    if (sequence !== undefined && Number(sequence) !== index + 1) {
      record.problem('sequence', `record sequence (positions 395-400) is ${Number(sequence)}, expected ${index + 1}`);
    }
  });

  const header = records[0] as FixedWidthRecord;
  checkHeader(header);
  const fallbackDate = header.date6(380, 385, 'credit_date') ?? header.date6(95, 100, 'file_date');
  const last = records[records.length - 1] as FixedWidthRecord;
  const hasTrailer = records.length > 1 && last.raw(1, 1) === '9';
  const lines: StatementLine[] = [];
  for (const record of records.slice(1, hasTrailer ? -1 : undefined)) {
    const type = record.raw(1, 1);
    if (type === '1') lines.push(statementLine(record, settlementCodes, fallbackDate));
    else if (type === '0') record.problem('record_type', 'a second header record (type 0)');
    else if (type === '9') record.problem('record_type', 'the trailer (type 9) must be the last record');
    else if (type !== '3') record.problem('record_type', `record type (position 001) must be 0, 1, 3 or 9, found "${printable(type)}"`);
  }
  if (!hasTrailer) {
    last.problem('record_type', 'the file ends without a trailer (record type 9)');
  } else {
    if (last.raw(2, 2) !== '2') last.problem('file_code', `trailer position 002 must be 2 (retorno), found "${printable(last.raw(2, 2))}"`);
    if (last.raw(3, 4) !== '01') last.problem('service', `trailer service (positions 003-004) must be 01, found "${printable(last.raw(3, 4))}"`);
    if (last.raw(5, 7) !== BRADESCO_BANK_CODE) last.problem('bank_code', `trailer bank code (positions 005-007) must be 237, found "${printable(last.raw(5, 7))}"`);
  }

  if (problems.length > 0) return err(problems);
  return ok({ format: 'cnab400', bankCode: BRADESCO_BANK_CODE, currency: 'BRL', lines });
}

function checkHeader(header: FixedWidthRecord): void {
  if (header.raw(1, 1) !== '0') header.problem('record_type', `the first record must be the header (type 0), found "${printable(header.raw(1, 1))}"`);
  const fileCode = header.raw(2, 2);
  if (fileCode === '1') header.problem('file_code', 'this is a remessa file (1 at position 002), not a retorno (2)');
  else if (fileCode !== '2') header.problem('file_code', `position 002 must be 2 (retorno), found "${printable(fileCode)}"`);
  if (header.raw(10, 11) !== '01') header.problem('service', `service (positions 010-011) must be 01 (cobrança), found "${printable(header.raw(10, 11))}"`);
  const bank = header.raw(77, 79);
  if (bank !== BRADESCO_BANK_CODE) {
    header.problem('bank_code', `bank code (positions 077-079) is "${printable(bank)}": only Bradesco (237) CNAB 400 retornos are read`);
  }
}

function statementLine(record: FixedWidthRecord, settlementCodes: ReadonlySet<string>, fallbackDate: IsoDate | undefined): StatementLine {
  const movementCode = record.raw(109, 110);
  if (!/^[0-9]{2}$/.test(movementCode)) record.problem('occurrence_code', `occurrence code (positions 109-110) must be 2 digits, found "${printable(movementCode)}"`);
  const nossoNumero = record.trimmed(71, 81) || undefined;
  const boleto = {
    dueDate: record.date6(147, 152, 'due_date'),
    faceValueMinor: record.amount(153, 165, 'face_value'),
    interestMinor: record.amount(267, 279, 'interest'),
    discountMinor: record.amount(241, 253, 'discount'),
    rebateMinor: record.amount(228, 240, 'rebate'),
    iofMinor: record.amount(215, 227, 'iof'),
    otherExpensesMinor: record.amount(189, 201, 'other_expenses'),
    otherCreditsMinor: record.amount(280, 292, 'other_credits'),
    occurrenceDate: record.date6(111, 116, 'occurrence_date'),
    creditDate: record.date6(296, 301, 'credit_date'),
    reasonCodes: record.codes(319, 328),
  };
  const paidMinor = record.amount(254, 266, 'paid_amount');
  const date = boleto.occurrenceDate ?? boleto.creditDate ?? fallbackDate;
  if (date === undefined) record.problem('occurrence_date', 'the occurrence has no occurrence date, credit date or file date');
  const isoDate = date ?? '0000-00-00';
  return definedOnly({
    lineNo: record.lineNo,
    fingerprint: fingerprintOf(['cnab400', BRADESCO_BANK_CODE, record.trimmed(21, 37), nossoNumero, movementCode, isoDate, paidMinor]),
    date: isoDate,
    amountMinor: paidMinor,
    kind: settlementCodes.has(movementCode) ? ('settlement' as const) : ('info' as const),
    nossoNumero,
    documentNumber: record.trimmed(117, 126) || undefined,
    memo: record.trimmed(38, 62) || undefined,
    movementCode,
    feesMinor: record.amount(176, 188, 'fees'),
    boleto: definedOnly(boleto),
  });
}
