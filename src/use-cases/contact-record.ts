import type { Db, Tx } from '../db/database.ts';
import { contentHash, findChainBreak, genesisHash, hashEntry, type ChainBreak } from '../domain/contact-record.ts';
import { appendRecordRows, chainHead, lockChainHead, recordPage } from '../stores/contact-record.ts';
import type { OrgContext } from './org-context.ts';

export interface NewInteraction {
  occurredAt: Date;
  customerId: string | null;
  actor: string;
  channel: string;
  kind: string;
  content: Record<string, unknown>;
}

/**
 * Appends entries to the organisation's contact record inside the caller's transaction.
 * The chain head row is locked, so appends from concurrent transactions line up.
 */
export async function appendInteractions(trx: Tx, organisationId: string, entries: readonly NewInteraction[]): Promise<{ seq: number; hash: string }[]> {
  if (entries.length === 0) return [];
  const head = await lockChainHead(trx, organisationId, genesisHash);
  let seq = head.last_seq;
  let prevHash = head.last_hash;
  const rows = entries.map((entry) => {
    seq += 1;
    // Round-trip through JSON so what is hashed is exactly what jsonb will give back.
    const content = JSON.parse(JSON.stringify(entry.content)) as Record<string, unknown>;
    const occurredAt = new Date(entry.occurredAt.getTime());
    const contentSha256 = contentHash(content);
    const hash = hashEntry({ ...entry, occurredAt, content, contentSha256, seq, prevHash });
    const row = {
      seq,
      occurred_at: occurredAt.toISOString(),
      customer_id: entry.customerId,
      actor: entry.actor,
      channel: entry.channel,
      kind: entry.kind,
      content: JSON.stringify(content),
      content_sha256: contentSha256,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  await appendRecordRows(trx, organisationId, rows);
  return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
}

export async function appendInteraction(trx: Tx, organisationId: string, entry: NewInteraction): Promise<{ seq: number; hash: string }> {
  const [result] = await appendInteractions(trx, organisationId, [entry]);
  return result!;
}

export interface ChainVerification {
  entries: number;
  lastHash: string;
  broken: ChainBreak | null;
  /** Entries whose content was erased (privacy): their hashes and links still checked. */
  erased: number;
}

/** Re-computes every hash of the organisation's contact record, page by page. */
export async function verifyContactRecord(db: Db, ctx: OrgContext): Promise<ChainVerification> {
  const organisationId = ctx.org.id;
  let previous = { seq: 0, hash: genesisHash };
  let count = 0;
  let erased = 0;
  for (;;) {
    const page = await recordPage(db, organisationId, previous.seq, 5000);
    if (page.length === 0) break;
    const broken = findChainBreak(
      page.map((r) => ({
        seq: r.seq,
        occurredAt: r.occurred_at,
        customerId: r.customer_id,
        actor: r.actor,
        channel: r.channel,
        kind: r.kind,
        content: r.content,
        contentSha256: r.content_sha256,
        erased: r.erased_at !== null,
        prevHash: r.prev_hash,
        hash: r.hash,
      })),
      previous,
    );
    erased += page.filter((r) => r.erased_at !== null).length;
    if (broken) {
      const intact = page.filter((r) => r.seq < broken.seq);
      return { entries: count + intact.length, lastHash: intact.at(-1)?.hash ?? previous.hash, broken, erased };
    }
    count += page.length;
    const last = page.at(-1)!;
    previous = { seq: last.seq, hash: last.hash };
  }
  const head = await chainHead(db, organisationId);
  if (head && (head.last_seq !== previous.seq || head.last_hash !== previous.hash)) {
    return {
      entries: count,
      lastHash: previous.hash,
      broken: { seq: previous.seq + 1, reason: `entries after ${previous.seq} are missing (the chain head is at ${head.last_seq})` },
      erased,
    };
  }
  return { entries: count, lastHash: previous.hash, broken: null, erased };
}
