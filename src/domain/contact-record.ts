import { createHash } from 'node:crypto';

/**
 * The contact record is a hash chain: each entry's hash covers its fields and the hash of
 * the entry before it, so altering, removing or reordering any entry breaks every later link.
 *
 * Two versions of an entry's hash. Version 1 (the first entries ever written) covers the
 * content itself. Version 2 covers the SHA-256 of the content instead (`contentSha256`), so
 * that the content can be erased (LGPD / GDPR) while the entry's hash, and every later link,
 * still verifies: an erased entry keeps its content's hash and loses the content.
 */
export const genesisHash = '0'.repeat(64);

export interface ChainEntry {
  readonly seq: number;
  readonly occurredAt: Date;
  readonly customerId: string | null;
  readonly actor: string;
  readonly channel: string;
  readonly kind: string;
  readonly content: unknown;
  readonly prevHash: string;
  /** Version 2 entries: the SHA-256 of the content's canonical JSON, which the hash covers. Absent on version 1 entries. */
  readonly contentSha256?: string | null;
  /** Set once the content was erased; the entry then holds no content to check. */
  readonly erased?: boolean;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function contentHash(content: unknown): string {
  return sha256(canonicalJson(content));
}

/** The entry's hash: version 2 (over the content's hash) when it has `contentSha256`, else version 1 (over the content). */
export function hashEntry(entry: ChainEntry): string {
  const fields = {
    seq: entry.seq,
    occurred_at: entry.occurredAt.toISOString(),
    customer_id: entry.customerId,
    actor: entry.actor,
    channel: entry.channel,
    kind: entry.kind,
    prev_hash: entry.prevHash,
  };
  return sha256(canonicalJson(entry.contentSha256 ? { ...fields, content_sha256: entry.contentSha256 } : { ...fields, content: entry.content }));
}

export type ChainBreak = { seq: number; reason: string };

/** Checks entries in sequence order; returns the first broken link, or null. */
export function findChainBreak(entries: Iterable<ChainEntry & { hash: string }>, previous = { seq: 0, hash: genesisHash }): ChainBreak | null {
  let expectedSeq = previous.seq + 1;
  let prevHash = previous.hash;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { seq: entry.seq, reason: `entry ${expectedSeq} is missing (next is ${entry.seq})` };
    if (entry.prevHash !== prevHash) return { seq: entry.seq, reason: 'its link to the previous entry does not match' };
    if (!entry.erased && entry.contentSha256 && contentHash(entry.content) !== entry.contentSha256)
      return { seq: entry.seq, reason: 'its content does not match its hash (altered)' };
    // An erased version-1 entry has nothing left to re-hash: its link is all that can be checked.
    const checkable = !entry.erased || entry.contentSha256;
    if (checkable && hashEntry(entry) !== entry.hash) return { seq: entry.seq, reason: 'its content does not match its hash (altered)' };
    prevHash = entry.hash;
    expectedSeq++;
  }
  return null;
}

/** JSON with object keys sorted at every level: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
