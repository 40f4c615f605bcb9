import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { BankLineStatus, BankStatementLineTable, StoredSuggestion } from '../db/schema-reconciliation.ts';
import type { StatementFormat } from '../payments/bank-files/statement.ts';

/**
 * Bank statements and their lines (the review queue), and the payment requests a statement's
 * lines are matched against.
 */

export type BankLine = Selectable<BankStatementLineTable>;

/** One statement import per organisation at a time (until the transaction ends): two overlapping files must not both pay a line. */
export async function lockStatementImports(trx: Tx, organisationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('regua.reconciliation'), hashtext(${organisationId}))`.execute(trx);
}

export async function statementIdBySha256(trx: Tx, organisationId: string, sha256: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('bank_statements')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row?.id;
}

export interface NewStatement {
  sha256: string;
  filename: string | null;
  format: StatementFormat;
  bankCode: string | null;
  currency: string;
  importedAt: Date;
  importedBy: string;
}

export async function insertStatement(trx: Tx, organisationId: string, s: NewStatement): Promise<string> {
  const { id } = await trx
    .insertInto('bank_statements')
    .values({
      organisation_id: organisationId,
      sha256: s.sha256,
      filename: s.filename,
      format: s.format,
      bank_code: s.bankCode,
      currency: s.currency,
      imported_at: s.importedAt,
      imported_by: s.importedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function setStatementSummary(trx: Tx, organisationId: string, statementId: string, summary: unknown): Promise<void> {
  await trx
    .updateTable('bank_statements')
    .set({ summary: JSON.stringify(summary) })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', statementId)
    .execute();
}

const CHUNK = 10_000;

/** The fingerprints among these that lines already imported carry. */
export async function knownFingerprints(trx: Tx, organisationId: string, fingerprints: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (let i = 0; i < fingerprints.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('bank_statement_lines')
      .select('fingerprint')
      .where('organisation_id', '=', organisationId)
      .where('fingerprint', '=', sql<string>`any(${fingerprints.slice(i, i + CHUNK)}::text[])`)
      .execute();
    for (const r of rows) known.add(r.fingerprint);
  }
  return known;
}

export interface NewBankLine {
  lineNo: number;
  fingerprint: string;
  date: string;
  amountMinor: number;
  kind: string;
  nossoNumero: string | null;
  documentNumber: string | null;
  pixTxid: string | null;
  payerName: string | null;
  payerTaxId: string | null;
  memo: string | null;
  reference: string | null;
  status: BankLineStatus;
  rule: string | null;
  confidence: number;
  suggestions: StoredSuggestion[];
  note: string | null;
  paymentId: string | null;
}

/** Inserts a statement's lines, one unnest() statement per chunk whatever the number of columns (far cheaper than VALUES lists). */
export async function insertBankLines(trx: Tx, organisationId: string, statementId: string, currency: string, lines: readonly NewBankLine[]): Promise<void> {
  for (let i = 0; i < lines.length; i += CHUNK) {
    const c = lines.slice(i, i + CHUNK);
    const column = <T>(get: (l: NewBankLine) => T) => c.map(get);
    await sql`
      insert into bank_statement_lines (organisation_id, statement_id, currency, line_no, fingerprint, entry_date, amount_minor, kind, nosso_numero, document_number,
        pix_txid, payer_name, payer_tax_id, memo, reference, status, rule, confidence, suggestions, note, payment_id)
      select ${organisationId}, ${statementId}, ${currency}, d.*
      from unnest(${column((l) => l.lineNo)}::int[], ${column((l) => l.fingerprint)}::text[], ${column((l) => l.date)}::date[],
        ${column((l) => l.amountMinor)}::bigint[], ${column((l) => l.kind)}::text[], ${column((l) => l.nossoNumero)}::text[],
        ${column((l) => l.documentNumber)}::text[], ${column((l) => l.pixTxid)}::text[], ${column((l) => l.payerName)}::text[],
        ${column((l) => l.payerTaxId)}::text[], ${column((l) => l.memo)}::text[], ${column((l) => l.reference)}::text[],
        ${column((l) => l.status)}::text[], ${column((l) => l.rule)}::text[], ${column((l) => l.confidence)}::float8[],
        ${column((l) => JSON.stringify(l.suggestions))}::jsonb[],
        ${column((l) => l.note)}::text[], ${column((l) => l.paymentId)}::uuid[]) as d`.execute(trx);
  }
}

/** A bank line with its statement's format, locked for a decision. */
export function lockBankLine(trx: Tx, organisationId: string, lineId: string): Promise<(BankLine & { format: StatementFormat }) | undefined> {
  return trx
    .selectFrom('bank_statement_lines as l')
    .innerJoin('bank_statements as s', (join) => join.onRef('s.organisation_id', '=', 'l.organisation_id').onRef('s.id', '=', 'l.statement_id'))
    .selectAll('l')
    .select('s.format')
    .where('l.organisation_id', '=', organisationId)
    .where('l.id', '=', lineId)
    .forUpdate()
    .executeTakeFirst();
}

export function bankLineById(db: Db | Tx, organisationId: string, lineId: string): Promise<BankLine | undefined> {
  return db.selectFrom('bank_statement_lines').selectAll().where('organisation_id', '=', organisationId).where('id', '=', lineId).executeTakeFirst();
}

/** Lines in these statuses, oldest entry first (keyset: date, id); `limit + 1` rows. */
export function bankLinesIn(
  db: Db | Tx,
  organisationId: string,
  statuses: readonly BankLineStatus[],
  after: readonly string[] | null,
  limit: number,
): Promise<BankLine[]> {
  let query = db.selectFrom('bank_statement_lines').selectAll().where('organisation_id', '=', organisationId).where('status', 'in', statuses);
  if (after) query = query.where((eb) => eb(eb.refTuple('entry_date', 'id'), '>', eb.tuple(after[0]!, after[1]!)));
  return query
    .orderBy('entry_date')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

/** A person's decision on a queued line: allocated (to the payment it became) or dismissed (with the reason, if given). */
export async function resolveBankLine(
  trx: Tx,
  organisationId: string,
  lineId: string,
  decision: { status: 'allocated'; paymentId: string } | { status: 'dismissed'; note: string | null },
  by: { actor: string; now: Date },
): Promise<void> {
  const fields =
    decision.status === 'allocated'
      ? { status: decision.status, payment_id: decision.paymentId }
      : { status: decision.status, ...(decision.note ? { note: decision.note } : {}) };
  await trx
    .updateTable('bank_statement_lines')
    .set({ ...fields, resolved_at: by.now, resolved_by: by.actor })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', lineId)
    .execute();
}

export interface PaymentRequestRow {
  id: string;
  customer_id: string;
  pix_txid: string | null;
  boleto_bank: string | null;
  boleto_nosso_numero: string | null;
  receivable_ids: string[];
  amount_minor: number;
}

const requestColumns = ['id', 'customer_id', 'pix_txid', 'boleto_bank', 'boleto_nosso_numero', 'receivable_ids', 'amount_minor'] as const;

/** Payment requests in `currency` with one of these Pix txids (upper case, as Régua issues them). */
export function paymentRequestsByTxid(trx: Tx, organisationId: string, currency: string, txids: readonly string[]): Promise<PaymentRequestRow[]> {
  return trx
    .selectFrom('payment_requests')
    .select(requestColumns)
    .where('organisation_id', '=', organisationId)
    .where('currency', '=', currency)
    .where('pix_txid', '=', sql<string>`any(${txids}::text[])`)
    .execute();
}

/** Payment requests in `currency` with one of these nossos números (compared without leading zeros). */
export function paymentRequestsByNossoNumero(trx: Tx, organisationId: string, currency: string, keys: readonly string[]): Promise<PaymentRequestRow[]> {
  return trx
    .selectFrom('payment_requests')
    .select(requestColumns)
    .where('organisation_id', '=', organisationId)
    .where('currency', '=', currency)
    .where('boleto_nosso_numero', 'is not', null)
    .where(sql<string>`ltrim(boleto_nosso_numero, '0')`, '=', sql<string>`any(${keys}::text[])`)
    .execute();
}

/** Payment requests in `currency` for one of these amounts (charges included). */
export function paymentRequestsByAmount(trx: Tx, organisationId: string, currency: string, amounts: readonly number[]): Promise<PaymentRequestRow[]> {
  return trx
    .selectFrom('payment_requests')
    .select(requestColumns)
    .where('organisation_id', '=', organisationId)
    .where('currency', '=', currency)
    .where('amount_minor', '=', sql<number>`any(${amounts}::bigint[])`)
    .execute();
}
