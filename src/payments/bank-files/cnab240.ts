/**
 * FEBRABAN CNAB 240 "retorno de cobrança" (layout 10.x, service 01), the file a bank sends
 * back about the boletos it collects. Every record is 240 characters. Positions below are
 * 1-based and inclusive, as in the FEBRABAN manual.
 *
 * Every record
 *   001-003 bank code · 004-007 lot ("0000" file header, "9999" file trailer) · 008 record type
 * File header (0)
 *   143 file code (1 remessa, 2 retorno) · 144-151 generation date DDMMAAAA
 * Lot header (1)
 *   009 operation ("T" retorno) · 010-011 service ("01" cobrança) · 200-207 credit date
 * Detail (3): 009-013 sequence number in the lot · 014 segment · 016-017 movement code
 *   Segment T (the title)
 *     018-022 agency · 023 DV · 024-035 account · 036 DV · 037 DV agency/account
 *     038-057 nosso número · 058 carteira · 059-073 document number ("seu número")
 *     074-081 due date · 082-096 face value · 097-099 collecting bank · 100-105 agency + DV
 *     106-130 the company's own id of the title · 131-132 currency (09 real)
 *     133 payer id type (1 CPF, 2 CNPJ) · 134-148 payer CPF/CNPJ · 149-188 payer name
 *     189-198 credit contract · 199-213 fees (tarifa) · 214-223 reason codes (5 × 2)
 *   Segment U (the amounts)
 *     018-032 interest / fine · 033-047 discount · 048-062 rebate (abatimento) · 063-077 IOF
 *     078-092 paid amount · 093-107 net credited · 108-122 other expenses · 123-137 other
 *     credits · 138-145 occurrence (payment) date · 146-153 credit date
 * Lot trailer (5)
 *   018-023 records in the lot, its header and trailer included
 * File trailer (9)
 *   018-023 lots in the file · 024-029 records in the file, header and trailer included
 *
 * Amounts are 15 digits with 2 implied decimals; dates DDMMAAAA with 00000000 for none. Each
 * segment T is paired with the segment U that follows it (sequence number + 1); other
 * segments (Y …) are skipped. Movement codes 06 (liquidação) and 17 (liquidação após baixa)
 * are settlements; every other movement (02 entrada confirmada, 09 baixa, 28 tarifas …) is
 * kept as an 'info' line, marked `rejected` for 03, 26 and 30 (entrada, instrução, alteração
 * rejeitada).
 *
 * Banks' own variants, chosen by the bank code of the file header (cnab240-layouts.ts):
 * Santander's segment T at its own positions, lot trailer counting detail records only and
 * lot numbers of its own; the nosso número of Itaú, Sicoob, Sicredi and Caixa inside 038-057.
 */
import type { IsoDate } from '../../domain/dates.ts';
import { err, ok } from '../result.ts';
import type { Cnab240Layout } from './cnab240-layouts.ts';
import { cnab240Layout } from './cnab240-layouts.ts';
import { FixedWidthRecord, fixedWidthLines, printable } from './fixed-width.ts';
import type { StatementContent, StatementLine, StatementProblem, StatementResult } from './statement.ts';
import { definedOnly, fingerprintWithRepeats, occurrenceCounter, zeroSettlementsAsNotices } from './statement.ts';
import { decodeStatementText, splitLines } from './text.ts';

const CNAB240_SETTLEMENT_CODES: readonly string[] = ['06', '17'];
/** FEBRABAN C044: 03 entrada rejeitada, 26 instrução rejeitada, 30 alteração de dados rejeitada. */
const CNAB240_REJECTION_CODES: ReadonlySet<string> = new Set(['03', '26', '30']);

export interface Cnab240Options {
  /** Movement codes that mean "paid"; default 06 and 17. */
  readonly settlementCodes?: readonly string[];
}

const RECORD_LENGTH = 240;

interface OpenLot {
  readonly header: FixedWidthRecord;
  readonly number: string;
  readonly creditDate: IsoDate | undefined;
  records: number;
}

interface PendingT {
  readonly record: FixedWidthRecord;
  readonly sequence: string | undefined;
}

export function parseCnab240(content: StatementContent, options: Cnab240Options = {}): StatementResult {
  const source = splitLines(decodeStatementText(content));
  if (source.length === 0) return err([{ line: 1, message: 'the file is empty' }]);
  const problems: StatementProblem[] = [];
  const warnings: StatementProblem[] = [];
  const padded = fixedWidthLines(source, RECORD_LENGTH, 'CNAB 240', problems, warnings);
  if (problems.length > 0) return err(problems);

  const records = padded.map(({ lineNo, text }) => new FixedWidthRecord(text, lineNo, problems));
  const settlementCodes = new Set(options.settlementCodes ?? CNAB240_SETTLEMENT_CODES);
  const header = records[0] as FixedWidthRecord;
  if (header.raw(8, 8) !== '0')
    header.problem('record_type', `the first record must be the file header (record type 0), found "${printable(header.raw(8, 8))}"`);
  const bankCode = header.digits(1, 3, 'bank_code');
  const fileCode = header.raw(143, 143);
  if (fileCode === '1') {
    // FEBRABAN's 231-240 "ocorrências" are blank in a remessa; the bank fills them when it sends the remessa back refused.
    const refused = records.find((r) => r.trimmed(231, 240) !== '' && !/^0+$/.test(r.trimmed(231, 240)));
    if (refused) {
      header.problem(
        'file_code',
        `this is a pre-critique (pré-crítica) rejection of a remessa, not a retorno: the bank refused the remessa before registering its boletos (first code "${printable(refused.trimmed(231, 240))}" at positions 231-240 of line ${refused.lineNo}); it pays nothing: correct the remessa and send it again`,
      );
    } else {
      header.problem('file_code', 'this is a remessa file (code 1 at position 143), not a retorno (2)');
    }
  } else if (fileCode !== '2') header.problem('file_code', `file code (position 143) must be 2 (retorno), found "${printable(fileCode)}"`);
  const fileDate = header.date8(144, 151, 'generation_date');
  const layout = cnab240Layout(bankCode);
  const repeat = occurrenceCounter();

  const last = records[records.length - 1] as FixedWidthRecord;
  const hasTrailer = records.length > 1 && last.raw(8, 8) === '9';
  const lines: StatementLine[] = [];
  let lot: OpenLot | undefined;
  let pendingT: PendingT | undefined;
  let lots = 0;

  const unpairedT = (): void => {
    pendingT?.record.problem('segment', 'segment T is not followed by its segment U');
    pendingT = undefined;
  };

  for (const record of records.slice(1, hasTrailer ? -1 : undefined)) {
    if (bankCode !== undefined && record.raw(1, 3) !== bankCode) {
      record.problem('bank_code', `bank code "${printable(record.raw(1, 3))}" differs from the file header's ${bankCode}`);
    }
    const type = record.raw(8, 8);
    if (type === '1') {
      unpairedT();
      if (lot) lot.header.problem('record_type', `lot ${lot.number} has no lot trailer (record type 5)`);
      lot = { header: record, number: record.raw(4, 7), creditDate: record.date8(200, 207, 'credit_date'), records: 1 };
      lots += 1;
      if (record.raw(9, 9) !== 'T') record.problem('operation', `operation (position 009) must be T (retorno), found "${printable(record.raw(9, 9))}"`);
      if (record.raw(10, 11) !== '01') record.problem('service', `service (positions 010-011) must be 01 (cobrança), found "${printable(record.raw(10, 11))}"`);
    } else if (type === '3') {
      if (!lot) {
        record.problem('record_type', 'detail record (type 3) outside a lot');
        continue;
      }
      lot.records += 1;
      if (record.raw(4, 7) !== lot.number) record.problem('lot', `lot number "${printable(record.raw(4, 7))}" differs from its lot header's ${lot.number}`);
      const sequence = record.digits(9, 13, 'sequence');
      const segment = record.raw(14, 14);
      if (segment === 'T') {
        unpairedT();
        pendingT = { record, sequence };
      } else if (segment === 'U') {
        if (!pendingT) {
          record.problem('segment', 'segment U without a segment T before it');
          continue;
        }
        if (sequence !== undefined && pendingT.sequence !== undefined && Number(sequence) !== Number(pendingT.sequence) + 1) {
          record.problem(
            'sequence',
            `segment U has sequence ${Number(sequence)} but its segment T (line ${pendingT.record.lineNo}) has ${Number(pendingT.sequence)}`,
          );
        }
        lines.push(statementLine(pendingT.record, record, { bankCode, layout, settlementCodes, fallbackDate: lot.creditDate ?? fileDate, repeat }));
        pendingT = undefined;
      } else {
        unpairedT();
      }
    } else if (type === '5') {
      unpairedT();
      if (!lot) {
        record.problem('record_type', 'lot trailer (type 5) without a lot header');
        continue;
      }
      lot.records += 1;
      if (record.raw(4, 7) !== lot.number) record.problem('lot', `lot number "${printable(record.raw(4, 7))}" differs from its lot header's ${lot.number}`);
      const count = record.digits(18, 23, 'record_count');
      if (count !== undefined && layout.lotTrailerCountsDetailsOnly && Number(count) !== lot.records - 2) {
        record.problem('record_count', `lot trailer counts ${Number(count)} records but lot ${lot.number} has ${lot.records - 2} detail records`);
      } else if (count !== undefined && !layout.lotTrailerCountsDetailsOnly && Number(count) !== lot.records) {
        record.problem(
          'record_count',
          `lot trailer counts ${Number(count)} records but lot ${lot.number} has ${lot.records} (its header and trailer included)`,
        );
      }
      lot = undefined;
    } else if (type === '0') {
      record.problem('record_type', 'a second file header (record type 0)');
    } else if (type === '9') {
      record.problem('record_type', 'the file trailer (record type 9) must be the last record');
    } else {
      // still a record of the open lot: counting it keeps the trailer check from piling on
      if (lot) lot.records += 1;
      record.problem('record_type', `record type (position 008) must be 0, 1, 3, 5 or 9, found "${printable(type)}"`);
    }
  }
  unpairedT();
  if (lot) lot.header.problem('record_type', `lot ${lot.number} has no lot trailer (record type 5)`);

  if (!hasTrailer) {
    last.problem('record_type', 'the file ends without a file trailer (record type 9)');
  } else {
    if (bankCode !== undefined && last.raw(1, 3) !== bankCode)
      last.problem('bank_code', `bank code "${printable(last.raw(1, 3))}" differs from the file header's ${bankCode}`);
    if (layout.fileTrailerLot !== undefined && last.raw(4, 7) !== layout.fileTrailerLot)
      last.problem('lot', `the file trailer's lot (positions 004-007) must be ${layout.fileTrailerLot}, found "${printable(last.raw(4, 7))}"`);
    const lotCount = last.digits(18, 23, 'lot_count');
    if (lotCount !== undefined && Number(lotCount) !== lots) last.problem('lot_count', `file trailer counts ${Number(lotCount)} lots but the file has ${lots}`);
    const recordCount = last.digits(24, 29, 'record_count');
    if (recordCount !== undefined && Number(recordCount) !== records.length) {
      last.problem('record_count', `file trailer counts ${Number(recordCount)} records but the file has ${records.length}`);
    }
  }

  if (problems.length > 0) return err(problems);
  const checked = zeroSettlementsAsNotices(lines, warnings);
  return ok(definedOnly({ format: 'cnab240' as const, bankCode, currency: 'BRL', lines: checked, warnings: warnings.length > 0 ? warnings : undefined }));
}

interface LineContext {
  readonly bankCode: string | undefined;
  readonly layout: Cnab240Layout;
  readonly settlementCodes: ReadonlySet<string>;
  /** Lot credit date, else the file's generation date: for movements that carry no date. */
  readonly fallbackDate: IsoDate | undefined;
  readonly repeat: (key: string) => number;
}

function statementLine(t: FixedWidthRecord, u: FixedWidthRecord, context: LineContext): StatementLine {
  const movementCode = t.raw(16, 17);
  if (!/^[0-9]{2}$/.test(movementCode)) t.problem('movement_code', `movement code (positions 016-017) must be 2 digits, found "${printable(movementCode)}"`);
  const at = context.layout.segmentT;
  const nossoNumero = t.trimmed(...at.nossoNumero) || undefined;
  const boleto = {
    dueDate: t.date8(...at.dueDate, 'due_date'),
    faceValueMinor: t.amount(...at.faceValue, 'face_value'),
    interestMinor: u.amount(18, 32, 'interest'),
    discountMinor: u.amount(33, 47, 'discount'),
    rebateMinor: u.amount(48, 62, 'rebate'),
    iofMinor: u.amount(63, 77, 'iof'),
    otherExpensesMinor: u.amount(108, 122, 'other_expenses'),
    otherCreditsMinor: u.amount(123, 137, 'other_credits'),
    creditedMinor: u.amount(93, 107, 'credited_amount'),
    occurrenceDate: u.date8(138, 145, 'occurrence_date'),
    creditDate: u.date8(146, 153, 'credit_date'),
    reasonCodes: t.codes(...at.reasons),
  };
  const paidMinor = u.amount(78, 92, 'paid_amount');
  const date = boleto.occurrenceDate ?? boleto.creditDate ?? context.fallbackDate;
  if (date === undefined) u.problem('occurrence_date', 'the movement has no occurrence date, credit date or file date');
  const isoDate = date ?? '0000-00-00';
  return definedOnly({
    lineNo: t.lineNo,
    // The whole of 018-057 as written, whatever the bank: fingerprints stay those of earlier imports.
    fingerprint: fingerprintWithRepeats(
      ['cnab240', context.bankCode, t.trimmed(18, 37), t.trimmed(38, 57) || undefined, movementCode, isoDate, paidMinor],
      context.repeat,
    ),
    date: isoDate,
    amountMinor: paidMinor,
    kind: context.settlementCodes.has(movementCode) ? ('settlement' as const) : ('info' as const),
    rejected: !context.settlementCodes.has(movementCode) && CNAB240_REJECTION_CODES.has(movementCode) ? (true as const) : undefined,
    nossoNumero,
    documentNumber: t.trimmed(...at.documentNumber) || undefined,
    payerName: presentName(t.trimmed(...at.payerName)),
    payerTaxId: payerTaxId(t.raw(...at.payerType), t.raw(...at.payerId)),
    memo: t.trimmed(...at.control) || undefined,
    movementCode,
    feesMinor: t.amount(...at.fees, 'fees'),
    boleto: definedOnly(boleto),
  });
}

/** Banco do Brasil fills an unknown payer name with zeros: that is no name. */
function presentName(name: string): string | undefined {
  return /^0*$/.test(name) ? undefined : name;
}

/** CPF (type 1) or CNPJ (type 2) right-aligned in 15 digits; anything else is no tax id. */
function payerTaxId(type: string, digits: string): string | undefined {
  if (!/^[0-9]{15}$/.test(digits) || /^0+$/.test(digits)) return undefined;
  if (type === '1' && digits.startsWith('0000')) return digits.slice(4);
  if (type === '2' && digits.startsWith('0')) return digits.slice(1);
  return undefined;
}
