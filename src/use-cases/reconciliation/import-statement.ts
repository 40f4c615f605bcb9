import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db, Tx } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import type { StoredSuggestion } from '../../db/schema-reconciliation.ts';
import { formatAmount } from '../../domain/money.ts';
import { parseStatement } from '../../payments/bank-files/detect-format.ts';
import type { Statement, StatementContent, StatementFormat, StatementLine, StatementProblem } from '../../payments/bank-files/statement.ts';
import { matchLines, type MatchResult, type OpenItem } from '../../payments/matching/match.ts';
import { appendInteractions, type NewInteraction } from '../contact-record.ts';
import { UserError } from '../errors.ts';
import { enqueueWebhookEvents } from '../webhooks/enqueue.ts';
import { applyAllocations } from './apply-allocations.ts';
import { loadOpenItems } from './load-open-items.ts';
import { loadPaymentRequests } from './load-payment-requests.ts';
import { enqueuePaymentReceipt } from '../payment-requests/payment-receipt.ts';
import { insertPayments as insertPaymentRows } from '../../stores/payments.ts';
import {
  insertBankLines,
  insertStatement,
  knownFingerprints,
  lockStatementImports,
  setStatementSummary,
  statementIdBySha256,
} from '../../stores/reconciliation.ts';

export type StatementSource = { path: string } | { content: StatementContent; filename?: string };

export interface ImportStatementOptions {
  now: Date;
  dryRun?: boolean;
  /** Who imports, for the contact record; default "cli". */
  actor?: string;
  /** Skip format detection. */
  format?: StatementFormat;
  /** Statement currency when the file does not say (CSV); default BRL. */
  currency?: string;
  /** Called after each phase with its wall time (progress output, benchmarks). */
  onPhase?: (phase: ImportPhase, ms: number) => void;
}

export type ImportPhase = 'parse' | 'load_open_items' | 'match' | 'write_lines_and_payments' | 'allocate' | 'contact_record';

export interface ImportCounts {
  matched: number;
  suggested: number;
  unmatched: number;
  ignored: number;
  /** Lines imported before (same fingerprint), or repeated inside this file: not counted again. */
  duplicate: number;
}

export interface ImportStatementResult {
  statementId: string | null;
  filename: string | null;
  sha256: string;
  format: StatementFormat;
  currency: string;
  dryRun: boolean;
  /** The very same file was imported before: nothing was done. */
  duplicateFile: boolean;
  lines: number;
  counts: ImportCounts;
  paymentsCreated: number;
  /** Sum of the lines matched automatically. */
  matchedMinor: number;
  /** What the parser tolerated or doubts (short lines padded, a 0.00 liquidação), by line. */
  warnings: readonly StatementProblem[];
}

/** The file is not a statement Régua can read; `details` lists every problem by line and field. */
class UnparseableStatementError extends UserError {
  constructor(
    readonly problems: readonly StatementProblem[],
    filename: string | null,
  ) {
    const first = problems.slice(0, 5).map((p) => `line ${p.line}${p.field ? `, field ${p.field}` : ''}: ${p.message}`);
    const more = problems.length > 5 ? `; … and ${problems.length - 5} more` : '';
    super(`${filename ?? 'statement'}: cannot be read: ${first.join('; ')}${more}`, 'statement_unparseable', problems);
  }
}

class DryRunRollback extends Error {
  constructor(readonly result: ImportStatementResult) {
    super('dry run');
  }
}

/**
 * Imports a bank statement in one transaction: stores the file (once: the same bytes again
 * are reported as a duplicate file) and each new line (a line whose fingerprint an earlier
 * file already brought is skipped), matches the lines against the open invoices, creates and
 * allocates a payment per line matched, and leaves suggested and unmatched lines in the
 * review queue. A dry run does everything and rolls back.
 */
export async function importStatement(db: Db, org: Organisation, source: StatementSource, options: ImportStatementOptions): Promise<ImportStatementResult> {
  const file = await readSource(source);
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await importStatementIn(trx, org, file, options);
      if (options.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

export interface StatementFile {
  content: StatementContent;
  filename: string | null;
}

async function readSource(source: StatementSource): Promise<StatementFile> {
  if ('path' in source) return { content: await readFile(source.path), filename: basename(source.path) };
  return { content: source.content, filename: source.filename ?? null };
}

/** The same, inside the caller's transaction (the HTTP upload); `dryRun` is only reported. */
export async function importStatementIn(trx: Tx, org: Organisation, file: StatementFile, options: ImportStatementOptions): Promise<ImportStatementResult> {
  const phase = phaseTimer(options.onPhase);
  const parsed = parseStatement(file.content, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.currency ? { currency: options.currency } : {}),
  });
  if (!parsed.ok) throw new UnparseableStatementError(parsed.error, file.filename);
  const statement = parsed.value;
  phase('parse');
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const base = {
    filename: file.filename,
    sha256,
    format: statement.format,
    currency: statement.currency,
    dryRun: Boolean(options.dryRun),
    lines: statement.lines.length,
    warnings: statement.warnings ?? [],
  };

  // One import per organisation at a time: two overlapping files must not both pay a line.
  await lockStatementImports(trx, org.id);
  const previous = await statementIdBySha256(trx, org.id, sha256);
  if (previous !== undefined) {
    return {
      ...base,
      statementId: previous,
      duplicateFile: true,
      counts: { matched: 0, suggested: 0, unmatched: 0, ignored: 0, duplicate: statement.lines.length },
      paymentsCreated: 0,
      matchedMinor: 0,
    };
  }

  const actor = options.actor ?? 'cli';
  const statementId = await insertStatement(trx, org.id, {
    sha256,
    filename: file.filename,
    format: statement.format,
    bankCode: statement.bankCode ?? null,
    currency: statement.currency,
    importedAt: options.now,
    importedBy: actor,
  });

  const known = await knownFingerprints(
    trx,
    org.id,
    statement.lines.map((l) => l.fingerprint),
  );
  const items = await loadOpenItems(trx, org.id, statement.currency);
  // Reminders' codes: a txid or nosso número of a payment request pays the invoices it listed.
  const requests = await loadPaymentRequests(trx, org.id, statement.currency, statement.lines);
  phase('load_open_items');
  // A difference the business accepts when the payer is known by tax id (org setting match_tolerance_minor, per currency).
  const tolerance = (org.settings as { match_tolerance_minor?: Record<string, number> }).match_tolerance_minor?.[statement.currency] ?? 0;
  // A nosso número is unique only within one bank: a return file's lines pay only that bank's boletos.
  const results = matchLines(statement.lines, items, {
    currency: statement.currency,
    bankCode: statement.bankCode,
    knownFingerprints: known,
    requests,
    amountToleranceMinor: tolerance,
  });
  phase('match');

  const counts: ImportCounts = { matched: 0, suggested: 0, unmatched: 0, ignored: 0, duplicate: 0 };
  const fresh: { line: StatementLine; result: MatchResult }[] = [];
  const seen = new Set<string>();
  statement.lines.forEach((line, i) => {
    const result = results[i]!;
    if (known.has(line.fingerprint) || seen.has(line.fingerprint)) {
      counts.duplicate += 1;
      return;
    }
    seen.add(line.fingerprint);
    counts[result.status] += 1;
    fresh.push({ line, result });
  });

  const matched = fresh.filter((f) => f.result.status === 'matched');
  const itemsById = pick(items, new Set(matched.flatMap((m) => m.result.allocations.map((a) => a.invoiceId))));
  const paymentIds = await insertPayments(trx, org.id, statement, matched, itemsById);
  await insertLines(trx, org.id, statementId, statement.currency, fresh, paymentIds);
  phase('write_lines_and_payments');

  // The invoices matched first, then (overpayments, invoices paid by someone else since matching) oldest first.
  await applyAllocations(
    trx,
    org.id,
    matched.flatMap(({ line, result }) => result.allocations.map((a) => ({ paymentId: paymentIds.get(line.fingerprint)!, invoiceId: a.invoiceId }))),
  );
  phase('allocate');

  const interactions: NewInteraction[] = matched.map(({ line, result }) => {
    const target = itemsById.get(result.allocations[0]!.invoiceId)!;
    return {
      occurredAt: options.now,
      customerId: target.customerId,
      actor,
      channel: 'bank',
      kind: 'payment_received',
      content: {
        external_id: paymentExternalId(line),
        date: line.date,
        amount: formatAmount(line.amountMinor, statement.currency),
        currency: statement.currency,
        source: 'bank_statement',
        statement_id: statementId,
        line_no: line.lineNo,
        rule: result.rule ?? null,
        confidence: result.confidence,
        ...(result.paymentRequestId !== undefined ? { payment_request_id: result.paymentRequestId } : {}),
        invoice_numbers: result.allocations.map((a) => itemsById.get(a.invoiceId)!.invoiceNumber),
      },
    };
  });
  interactions.push({
    occurredAt: options.now,
    customerId: null,
    actor,
    channel: 'bank',
    kind: 'bank_statement_imported',
    content: { statement_id: statementId, filename: file.filename, sha256, format: statement.format, lines: statement.lines.length, ...counts },
  });
  await appendInteractions(trx, org.id, interactions);
  await enqueueWebhookEvents(
    trx,
    org.id,
    matched.map(({ line }) => {
      const id = paymentIds.get(line.fingerprint)!;
      return {
        id: `payment:${id}:received`,
        type: 'payment.received',
        data: {
          payment_id: id,
          external_id: paymentExternalId(line),
          date: line.date,
          amount: formatAmount(line.amountMinor, statement.currency),
          currency: statement.currency,
        },
      };
    }),
    options.now,
  );
  if ((org.settings as { payment_receipts?: boolean }).payment_receipts === true) {
    for (const { line } of matched) await enqueuePaymentReceipt(trx, org.id, paymentIds.get(line.fingerprint)!, options.now);
  }
  phase('contact_record');
  await setStatementSummary(trx, org.id, statementId, counts);
  return {
    ...base,
    statementId,
    duplicateFile: false,
    counts,
    paymentsCreated: matched.length,
    matchedMinor: matched.reduce((sum, m) => sum + m.line.amountMinor, 0),
  };
}

/** The payment a bank line becomes; one per line, so the fingerprint keeps it unique. */
export function paymentExternalId(line: { fingerprint: string }): string {
  return `bank:${line.fingerprint.slice(0, 32)}`;
}

export function paymentMethod(format: StatementFormat, line: Pick<StatementLine, 'pixTxid' | 'memo'>): string {
  if (format === 'cnab240' || format === 'cnab400') return 'boleto';
  return line.pixTxid !== undefined || /\bpix\b/i.test(line.memo ?? '') ? 'pix' : 'transfer';
}

export function paymentReference(line: Pick<StatementLine, 'pixTxid' | 'nossoNumero' | 'documentNumber' | 'reference' | 'memo'>): string | null {
  const reference = line.pixTxid ?? line.nossoNumero ?? line.documentNumber ?? line.reference ?? line.memo;
  return reference === undefined ? null : reference.slice(0, 200);
}

function pick(items: readonly OpenItem[], ids: ReadonlySet<string>): Map<string, OpenItem> {
  const found = new Map<string, OpenItem>();
  if (ids.size === 0) return found;
  for (const item of items) if (ids.has(item.invoiceId)) found.set(item.invoiceId, item);
  return found;
}

async function insertPayments(
  trx: Tx,
  organisationId: string,
  statement: Statement,
  matched: readonly { line: StatementLine; result: MatchResult }[],
  itemsById: ReadonlyMap<string, OpenItem>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const byExternalId = new Map(matched.map(({ line }) => [paymentExternalId(line), line.fingerprint]));
  for (let i = 0; i < matched.length; i += CHUNK) {
    const rows = matched.slice(i, i + CHUNK).map(({ line, result }) => {
      const target = itemsById.get(result.allocations[0]!.invoiceId)!;
      return {
        externalId: paymentExternalId(line),
        customerId: target.customerId,
        receivedOn: line.date,
        amountMinor: line.amountMinor,
        method: paymentMethod(statement.format, line),
        reference: paymentReference(line),
        targetInvoiceId: target.invoiceId,
      };
    });
    for (const [externalId, id] of await insertPaymentRows(trx, organisationId, statement.currency, rows)) ids.set(byExternalId.get(externalId)!, id);
  }
  return ids;
}

const CHUNK = 10_000;

async function insertLines(
  trx: Tx,
  organisationId: string,
  statementId: string,
  currency: string,
  lines: readonly { line: StatementLine; result: MatchResult }[],
  paymentIds: ReadonlyMap<string, string>,
): Promise<void> {
  await insertBankLines(
    trx,
    organisationId,
    statementId,
    currency,
    lines.map(({ line: l, result: r }) => ({
      lineNo: l.lineNo,
      fingerprint: l.fingerprint,
      date: l.date,
      amountMinor: l.amountMinor,
      kind: l.kind,
      nossoNumero: l.nossoNumero ?? null,
      documentNumber: l.documentNumber ?? null,
      pixTxid: l.pixTxid ?? null,
      payerName: l.payerName ?? null,
      payerTaxId: l.payerTaxId ?? null,
      memo: l.memo ?? null,
      reference: l.reference ?? null,
      status: r.status,
      rule: r.rule ?? null,
      confidence: r.confidence,
      suggestions: r.suggestions.map((s): StoredSuggestion => ({ invoice_id: s.invoiceId, rule: s.rule, confidence: s.confidence })),
      note: r.note ?? null,
      paymentId: paymentIds.get(l.fingerprint) ?? null,
    })),
  );
}

function phaseTimer(onPhase: ImportStatementOptions['onPhase']): (name: ImportPhase) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    onPhase?.(name, now - last);
    last = now;
  };
}
