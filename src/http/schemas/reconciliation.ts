import { Type } from '@sinclair/typebox';
import type { ImportStatementResult } from '../../use-cases/reconciliation/import-statement.ts';
import type { QueueLine } from '../../use-cases/reconciliation/review-queue.ts';
import { PageQuery } from '../pagination.ts';
import { IsoDate, MoneyJson, moneyJson, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

const lineStatuses = ['matched', 'suggested', 'unmatched', 'allocated', 'ignored', 'dismissed'] as const;
const rules = ['pix_txid', 'nosso_numero', 'invoice_number_in_memo', 'amount_and_customer', 'request_amount', 'amount_only'] as const;

export const StatementUploadQuery = Type.Object(
  {
    dry_run: Type.Optional(Type.Boolean({ default: false, description: 'match and count, write nothing' })),
    filename: Type.Optional(Type.String({ maxLength: 255 })),
    format: Type.Optional(StringEnum(['cnab240', 'cnab400', 'ofx', 'csv'] as const, { description: 'default: detected' })),
    currency: Type.Optional(Type.String({ description: 'for CSV files; default BRL' })),
  },
  { additionalProperties: false },
);

const Counts = Type.Object({
  matched: Type.Integer(),
  suggested: Type.Integer(),
  unmatched: Type.Integer(),
  ignored: Type.Integer(),
  duplicate: Type.Integer(),
});

export const ImportResultJson = Type.Object(
  {
    statement_id: Nullable(Type.String({ format: 'uuid' })),
    filename: Nullable(Type.String()),
    sha256: Type.String(),
    format: Type.String(),
    dry_run: Type.Boolean(),
    duplicate_file: Type.Boolean({ description: 'the same file was imported before: nothing was done' }),
    lines: Type.Integer(),
    counts: Counts,
    payments_created: Type.Integer(),
    matched: MoneyJson,
    warnings: Type.Array(Type.Object({ line: Type.Integer(), field: Type.Optional(Type.String()), message: Type.String() }), {
      description: 'what was tolerated or looks doubtful, by line: short lines padded with blanks, a liquidação of 0.00 kept as a notice',
    }),
  },
  { title: 'StatementImport' },
);

export function importResultJson(r: ImportStatementResult) {
  return {
    statement_id: r.statementId,
    filename: r.filename,
    sha256: r.sha256,
    format: r.format,
    dry_run: r.dryRun,
    duplicate_file: r.duplicateFile,
    lines: r.lines,
    counts: r.counts,
    payments_created: r.paymentsCreated,
    matched: moneyJson(r.matchedMinor, r.currency),
    warnings: [...r.warnings],
  };
}

export const QueueQuery = Type.Object(
  { status: Type.Optional(StringEnum(['suggested', 'unmatched'] as const)), ...PageQuery },
  { additionalProperties: false },
);

export const LineParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const AllocateLineBody = Type.Object(
  {
    invoice_ids: Type.Optional(
      Type.Array(Type.String({ description: 'uuid or ext:<external_id>' }), { minItems: 1, description: 'paid in this order; one customer' }),
    ),
    customer_id: Type.Optional(Type.String({ description: 'uuid or ext:<external_id>: the money goes oldest first' })),
  },
  { additionalProperties: false },
);

export const IgnoreLineBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });

export const BankLineJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    statement_id: Type.String({ format: 'uuid' }),
    line_no: Type.Integer(),
    date: IsoDate(),
    amount: MoneyJson,
    kind: StringEnum(['settlement', 'credit', 'debit', 'info'] as const),
    status: StringEnum(lineStatuses),
    rule: Nullable(StringEnum(rules)),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    nosso_numero: Nullable(Type.String()),
    document_number: Nullable(Type.String()),
    pix_txid: Nullable(Type.String()),
    payer_name: Nullable(Type.String()),
    payer_tax_id: Nullable(Type.String()),
    memo: Nullable(Type.String()),
    reference: Nullable(Type.String()),
    note: Nullable(Type.String()),
    payment_id: Nullable(Type.String({ format: 'uuid' })),
    resolved_at: Nullable(Timestamp()),
    suggestions: Type.Array(
      Type.Object({
        invoice_id: Type.String({ format: 'uuid' }),
        invoice_external_id: Type.String(),
        invoice_number: Type.String(),
        customer_id: Type.String({ format: 'uuid' }),
        customer_external_id: Type.String(),
        customer_name: Type.String(),
        due_date: IsoDate(),
        open: MoneyJson,
        rule: StringEnum(rules),
        confidence: Type.Number({ minimum: 0, maximum: 1 }),
      }),
      { description: 'open invoices this line may pay, best first' },
    ),
  },
  { title: 'BankStatementLine' },
);

export function bankLineJson(l: QueueLine) {
  return {
    id: l.id,
    statement_id: l.statement_id,
    line_no: l.line_no,
    date: l.entry_date,
    amount: moneyJson(l.amount_minor, l.currency),
    kind: l.kind,
    status: l.status,
    rule: l.rule as (typeof rules)[number] | null,
    confidence: l.confidence,
    nosso_numero: l.nosso_numero,
    document_number: l.document_number,
    pix_txid: l.pix_txid,
    payer_name: l.payer_name,
    payer_tax_id: l.payer_tax_id,
    memo: l.memo,
    reference: l.reference,
    note: l.note,
    payment_id: l.payment_id,
    resolved_at: l.resolved_at === null ? null : timestampJson(l.resolved_at),
    suggestions: l.suggested_invoices.map((s) => ({
      invoice_id: s.invoice_id,
      invoice_external_id: s.invoice_external_id,
      invoice_number: s.invoice_number,
      customer_id: s.customer_id,
      customer_external_id: s.customer_external_id,
      customer_name: s.customer_name,
      due_date: s.due_date,
      open: moneyJson(s.open_minor, s.currency),
      rule: s.rule as (typeof rules)[number],
      confidence: s.confidence,
    })),
  };
}
