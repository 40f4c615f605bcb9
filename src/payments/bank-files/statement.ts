/**
 * The common shape every bank-file parser returns: one `StatementLine` per payment or
 * movement, whatever the file format, so that matching and import never look at the format.
 *
 * Parsers never throw for bad input: they return `err` with every problem they found, each
 * named by its 1-based line number in the file (and the field, when there is one).
 */
import { createHash } from 'node:crypto';
import type { IsoDate } from '../../domain/dates.ts';
import type { Result } from '../result.ts';

export type StatementFormat = 'cnab240' | 'cnab400' | 'ofx' | 'csv';

/**
 * settlement: a boleto paid (CNAB liquidação); credit / debit: money in / out of the account
 * (OFX, CSV); info: a bank notice that moves no money to match (entry confirmed, write-off …).
 */
export type StatementLineKind = 'settlement' | 'credit' | 'debit' | 'info';

export interface StatementProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The field concerned: a layout field name ("paid_amount"), an OFX tag ("TRNAMT") or a CSV column. */
  readonly field?: string;
  readonly message: string;
}

/** What a CNAB retorno says about the boleto behind a line, beyond the amount that matters. */
export interface BoletoDetails {
  readonly dueDate?: IsoDate;
  readonly faceValueMinor: number;
  /** juros / multa / encargos paid on top of the face value. */
  readonly interestMinor: number;
  readonly discountMinor: number;
  /** abatimento */
  readonly rebateMinor: number;
  readonly iofMinor: number;
  readonly otherExpensesMinor: number;
  readonly otherCreditsMinor: number;
  /** Net amount the bank credits to the account (CNAB 240 segment U only). */
  readonly creditedMinor?: number;
  readonly occurrenceDate?: IsoDate;
  readonly creditDate?: IsoDate;
  /** Bank reason codes for the movement (rejections, write-off reasons), "00" and blanks left out. */
  readonly reasonCodes: readonly string[];
}

export interface StatementLine {
  /** 1-based line of the file where the entry starts (segment T, OFX <STMTTRN>, CSV row). */
  readonly lineNo: number;
  /**
   * Stable SHA-256 of the entry's identifying fields: the same entry parsed from the same or a
   * re-exported file gets the same fingerprint, so re-importing never counts a payment twice.
   *   CNAB: format, bank, beneficiary agency/account, nosso número, movement code, date, amount
   *         + repeat number from the second identical movement of a file on (`fingerprintWithRepeats`)
   *   OFX:  bank, account, FITID, date, amount (no FITID: every field + repeat number)
   *   CSV:  every column + repeat number (see `occurrenceCounter`)
   */
  readonly fingerprint: string;
  /** The payment date: CNAB occurrence date, OFX DTPOSTED (as written, no time-zone shift), CSV date. */
  readonly date: IsoDate;
  /** Minor units; money in is positive. */
  readonly amountMinor: number;
  readonly kind: StatementLineKind;
  readonly nossoNumero?: string;
  /** CNAB "seu número" / número do documento; OFX CHECKNUM or REFNUM. */
  readonly documentNumber?: string;
  /** A Pix txid (labelled "txid") or end-to-end id (E + ISPB + timestamp) found in the text. */
  readonly pixTxid?: string;
  /** Who sent the money as the bank names it (for a debit, the counterparty). */
  readonly payerName?: string;
  /** CPF / CNPJ digits only. */
  readonly payerTaxId?: string;
  readonly memo?: string;
  /** The bank's own id of the entry: OFX FITID, CSV reference column. */
  readonly reference?: string;
  /** CNAB movement / occurrence code ("06"). */
  readonly movementCode?: string;
  /**
   * A CNAB notice ('info') of the bank refusing the title or an instruction (entrada rejeitada,
   * instrução / alteração / baixa rejeitada), its reasons in `boleto.reasonCodes`; absent on
   * settlements and on other notices, which are information.
   */
  readonly rejected?: true;
  /** Bank fees charged for this entry (CNAB tarifa). */
  readonly feesMinor?: number;
  readonly boleto?: BoletoDetails;
  /** The account the entry belongs to (`StatementAccount.account`), in a file of several accounts (OFX). */
  readonly account?: string;
}

/** One account of a file that carries several (an OFX with a <STMTRS> or <CCSTMTRS> per account). */
export interface StatementAccount {
  /** "BANKID/ACCTID" for a bank account, "card/ACCTID" for a credit card: what `StatementLine.account` names. */
  readonly account: string;
  readonly bankCode?: string;
  readonly accountId?: string;
  /** A credit-card statement: its credits are the cardholder's bill payments and refunds, never receipts. */
  readonly creditCard: boolean;
}

export interface Statement {
  readonly format: StatementFormat;
  /** The bank of the file; none when its accounts are at several banks. */
  readonly bankCode?: string;
  /** The accounts of the file, in file order (OFX); each line names its own. */
  readonly accounts?: readonly StatementAccount[];
  readonly currency: string;
  readonly lines: readonly StatementLine[];
  /** What the parser tolerated or doubts, where a bank person would still accept the file (short lines padded, a 0.00 liquidação). */
  readonly warnings?: readonly StatementProblem[];
}

export type StatementResult = Result<Statement, StatementProblem[]>;

/** A parser input: text, or the raw bytes of the file (decoded by `decodeStatementText`). */
export type StatementContent = string | Uint8Array;

/** SHA-256 (hex) of the parts; JSON keeps ["a|b"] and ["a", "b"] apart. */
export function fingerprintOf(parts: readonly (string | number | undefined)[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts.map((p) => p ?? null)))
    .digest('hex');
}

/**
 * Counts repeats of the same key so that two genuinely identical entries of one file (two
 * R$ 50.00 Pix from the same person on the same day) get different fingerprints, while the
 * same entry in an overlapping re-export gets the same one: the n-th repeat is numbered n.
 */
export function occurrenceCounter(): (key: string) => number {
  const seen = new Map<string, number>();
  return (key) => {
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n;
  };
}

/**
 * The fingerprint of a bank-file movement: its identifying fields, plus the repeat number from
 * the second identical movement of the file on (a boleto paid twice on one day, the same title
 * rejected twice), so distinct movements never collapse while the same file, or a re-export
 * of the same movements, gives the same fingerprints. The first keeps the plain key, as before.
 */
export function fingerprintWithRepeats(key: readonly (string | number | undefined)[], repeat: (key: string) => number): string {
  const n = repeat(JSON.stringify(key));
  return fingerprintOf(n === 0 ? key : [...key, n]);
}

/**
 * A liquidação of 0.00 moves no money: it is kept as a notice (never matched as a payment of
 * nothing) and warned about, for someone to check the file with the bank.
 */
export function zeroSettlementsAsNotices(lines: readonly StatementLine[], warnings: StatementProblem[]): StatementLine[] {
  return lines.map((line) => {
    if (line.kind !== 'settlement' || line.amountMinor !== 0) return line;
    warnings.push({
      line: line.lineNo,
      field: 'paid_amount',
      message: `liquidação (code ${line.movementCode ?? '?'}) of 0.00${line.nossoNumero ? ` for nosso número ${line.nossoNumero}` : ''}: kept as a notice, not a payment`,
    });
    return { ...line, kind: 'info' };
  });
}

/** A copy without the keys whose value is undefined, so that absent fields are absent keys. */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * One statement per account of the file, lines in file order, each with its account's bank;
 * a statement of one account or none (CNAB, CSV) is returned as it is. Warnings go with the
 * statement whose lines they name (the first for any other).
 */
export function statementsByAccount(statement: Statement): Statement[] {
  const accounts = statement.accounts ?? [];
  if (accounts.length <= 1) return [statement];
  const parts = accounts.map((account) => ({ account, lines: statement.lines.filter((line) => line.account === account.account) }));
  return parts.map(({ account, lines }, index) => {
    const lineNos = new Set(lines.map((l) => l.lineNo));
    const warnings = (statement.warnings ?? []).filter((w) => lineNos.has(w.line) || (index === 0 && !statement.lines.some((l) => l.lineNo === w.line)));
    return definedOnly({
      format: statement.format,
      bankCode: account.bankCode,
      accounts: [account],
      currency: statement.currency,
      lines,
      warnings: warnings.length > 0 ? warnings : undefined,
    });
  });
}
