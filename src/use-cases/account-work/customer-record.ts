import type { Db } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import { verifyContactRecord } from '../contact-record.ts';
import { customerInteractionsAfter } from '../../stores/interactions.ts';
import { toPage, type Page, type PageRequest, type RecordRef } from '../record-ref.ts';
import type { OrgContext } from '../org-context.ts';
import { customerByRef } from './support.ts';

export interface RecordEntry {
  seq: number;
  occurredAt: Date;
  customerId: string | null;
  actor: string;
  channel: string;
  kind: string;
  content: Record<string, unknown>;
  /** Hash version 2: the content's SHA-256, which the hash covers (null on version 1 entries). */
  contentSha256: string | null;
  prevHash: string;
  hash: string;
}

function toEntry(r: {
  seq: number;
  occurred_at: Date;
  customer_id: string | null;
  actor: string;
  channel: string;
  kind: string;
  content: Record<string, unknown>;
  content_sha256: string | null;
  prev_hash: string;
  hash: string;
}): RecordEntry {
  return {
    seq: r.seq,
    occurredAt: r.occurred_at,
    customerId: r.customer_id,
    actor: r.actor,
    channel: r.channel,
    kind: r.kind,
    content: r.content,
    contentSha256: r.content_sha256,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** One customer's contact-record entries in sequence order; the cursor is the last seq. */
export async function customerRecordPage(db: Db, ctx: OrgContext, ref: RecordRef, page: PageRequest): Promise<Page<RecordEntry>> {
  const customer = await customerByRef(db, ctx.org.id, ref);
  const after = page.after?.[0];
  if (after !== undefined && !/^\d{1,15}$/.test(after)) return { items: [], next: null };
  const rows = await customerInteractionsAfter(db, ctx.org.id, customer.id, after === undefined ? null : Number(after), page.limit + 1);
  return toPage(rows.map(toEntry), page.limit, (e) => [String(e.seq)]);
}

export interface CustomerRecordExport {
  organisation: { name: string; legalName: string | null; taxId: string | null };
  customer: Pick<Customer, 'id' | 'external_id' | 'name' | 'tax_id'>;
  exportedAt: Date;
  /** The whole organisation chain re-verified at export time. */
  chain: { entries: number; lastHash: string; intact: boolean; brokenAt: { seq: number; reason: string } | null };
  entries: RecordEntry[];
}

/**
 * Everything the record holds about one customer, with each entry's hash and the hash it
 * links to, so a reader can recompute every hash (src/domain/contact-record.ts hashEntry).
 */
export async function exportCustomerRecord(db: Db, ctx: OrgContext, ref: RecordRef): Promise<CustomerRecordExport> {
  const organisationId = ctx.org.id;
  const customer = await customerByRef(db, organisationId, ref);
  const org = ctx.org;
  const entries: RecordEntry[] = [];
  let after = 0;
  for (;;) {
    const rows = await customerInteractionsAfter(db, organisationId, customer.id, after, 5000);
    if (rows.length === 0) break;
    entries.push(...rows.map(toEntry));
    after = rows.at(-1)!.seq;
  }
  const verification = await verifyContactRecord(db, ctx);
  return {
    organisation: { name: org.name, legalName: org.legal_name, taxId: org.tax_id },
    customer: { id: customer.id, external_id: customer.external_id, name: customer.name, tax_id: customer.tax_id },
    exportedAt: ctx.now,
    chain: { entries: verification.entries, lastHash: verification.lastHash, intact: verification.broken === null, brokenAt: verification.broken },
    entries,
  };
}

/** The JSON export document (also written by `regua log export --format json`). */
export function recordExportJson(x: CustomerRecordExport) {
  return {
    organisation: { name: x.organisation.name, legal_name: x.organisation.legalName, tax_id: x.organisation.taxId },
    customer: x.customer,
    exported_at: x.exportedAt.toISOString(),
    chain: { entries: x.chain.entries, last_hash: x.chain.lastHash, intact: x.chain.intact, broken_at: x.chain.brokenAt },
    entries: x.entries.map(recordEntryJson),
  };
}

export function recordEntryJson(e: RecordEntry) {
  return {
    seq: e.seq,
    occurred_at: new Date(e.occurredAt).toISOString(),
    customer_id: e.customerId,
    actor: e.actor,
    channel: e.channel,
    kind: e.kind,
    content: e.content,
    content_sha256: e.contentSha256,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}
