/**
 * The shapes matching works on: the open items and payment requests a caller loads, the
 * options of a run and its results. Their own module, so that the candidate index and the
 * rules (match.ts) both depend on it and not on each other.
 */
import type { IsoDate } from '../../domain/dates.ts';

export interface OpenItem {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly customerTaxId?: string;
  /** For rule 5 (payer name); optional. */
  readonly customerName?: string;
  readonly invoiceNumber: string;
  readonly nossoNumero?: string;
  /**
   * The bank (3-digit code) whose agreement issued the boleto of `nossoNumero`, when known: a
   * nosso número is unique only within one bank, so a return file of another bank never pays it.
   */
  readonly bankCode?: string;
  readonly pixTxid?: string;
  readonly openMinor: number;
  readonly currency: string;
  readonly dueDate: IsoDate;
}

/**
 * A reminder's payment request: the codes it carried and the invoices it covers. Money
 * arriving with one of those codes pays its open invoices, oldest first.
 */
export interface PaymentRequestKeys {
  readonly requestId: string;
  readonly customerId: string;
  readonly pixTxid?: string;
  readonly nossoNumero?: string;
  /** The bank whose agreement issued the boleto (payment_requests.boleto_bank); see OpenItem.bankCode. */
  readonly bankCode?: string;
  readonly invoiceIds: readonly string[];
  /** What the reminder asked for on its send date, late charges included. */
  readonly amountMinor?: number;
}

export type MatchRule = 'pix_txid' | 'nosso_numero' | 'invoice_number_in_memo' | 'amount_and_customer' | 'request_amount' | 'amount_only';
export type MatchStatus = 'matched' | 'suggested' | 'unmatched' | 'ignored';

export interface Allocation {
  readonly invoiceId: string;
  readonly amountMinor: number;
}

export interface Suggestion {
  readonly invoiceId: string;
  readonly rule: MatchRule;
  readonly confidence: number;
}

export interface MatchResult {
  readonly lineNo: number;
  readonly fingerprint: string;
  readonly status: MatchStatus;
  readonly rule?: MatchRule;
  /** 0..1: the applied rule's for 'matched', the best candidate's for 'suggested', else 0. */
  readonly confidence: number;
  readonly allocations: readonly Allocation[];
  readonly suggestions: readonly Suggestion[];
  /** Part of the line's amount not allocated (overpayment, or everything when not matched). */
  readonly unallocatedMinor: number;
  /** The earlier line of this run that took the same item or had the same fingerprint. */
  readonly duplicateOfLine?: number;
  /** Why the line was ignored, suggested or left unmatched, for the review queue. */
  readonly note?: string;
  /** Matched through this payment request's code. */
  readonly paymentRequestId?: string;
}

export interface MatchOptions {
  /** Statement currency: open items in other currencies are not candidates. */
  readonly currency?: string;
  /**
   * The bank of the statement (a CNAB file's bank code): its nossos números are looked up only
   * among the boletos issued under that bank, or recorded without a bank. Without it (CSV), a
   * nosso número that boletos of several banks share is only suggested.
   */
  readonly bankCode?: string;
  /** Fingerprints imported before: such lines are 'ignored'. */
  readonly knownFingerprints?: ReadonlySet<string>;
  /** Default 3. */
  readonly maxSuggestions?: number;
  /** Payer-name similarity (0..1) from which rule 5 applies; default 0.75. */
  readonly minNameSimilarity?: number;
  /** Payment requests whose codes rules 1 and 2 also look up (after the invoices' own), and whose amounts rule 4 does. */
  readonly requests?: readonly PaymentRequestKeys[];
  /** A difference (minor units) up to which a payer with a known tax id is suggested an open item of that amount; default 0. */
  readonly amountToleranceMinor?: number;
}
