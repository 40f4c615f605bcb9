import type { ColumnType, Generated } from 'kysely';

// Tables added by src/db/migrations for reconciliation; DB in schema.ts extends this interface.

type IsoDate = string;

/** Columns 20261122_0006_reconciliation.sql adds to invoices (merged into schema.ts's InvoiceTable). */
declare module './schema.ts' {
  interface InvoiceTable {
    /** The boleto's nosso número, as the bank echoes it in a CNAB retorno. */
    nosso_numero: string | null;
    /** The Pix txid issued for this invoice. */
    pix_txid: string | null;
  }
}

export type BankLineStatus = 'matched' | 'suggested' | 'unmatched' | 'allocated' | 'ignored' | 'dismissed';

export interface StoredSuggestion {
  invoice_id: string;
  rule: string;
  confidence: number;
}

export interface BankStatementTable {
  organisation_id: string;
  id: Generated<string>;
  sha256: string;
  filename: string | null;
  format: 'cnab240' | 'cnab400' | 'ofx' | 'csv';
  bank_code: string | null;
  currency: string;
  imported_at: ColumnType<Date, Date, Date>;
  imported_by: string;
  summary: ColumnType<Record<string, number>, string | undefined, string>;
}

export interface BankStatementLineTable {
  organisation_id: string;
  id: Generated<string>;
  statement_id: string;
  line_no: number;
  fingerprint: string;
  entry_date: IsoDate;
  amount_minor: number;
  currency: string;
  kind: 'settlement' | 'credit' | 'debit' | 'info';
  nosso_numero: string | null;
  document_number: string | null;
  pix_txid: string | null;
  payer_name: string | null;
  payer_tax_id: string | null;
  memo: string | null;
  reference: string | null;
  status: BankLineStatus;
  rule: string | null;
  confidence: Generated<number>;
  suggestions: ColumnType<StoredSuggestion[], string | undefined, string>;
  note: string | null;
  payment_id: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface ReconciliationTables {
  bank_statements: BankStatementTable;
  bank_statement_lines: BankStatementLineTable;
}
