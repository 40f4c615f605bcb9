import { createHash } from 'node:crypto';

/**
 * The contact record is a hash chain: each entry's hash covers its fields and the hash of
 * the entry before it, so altering, removing or reordering any entry breaks every later link.
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
}

export function hashEntry(entry: ChainEntry): string {
  const canonical = canonicalJson({
    seq: entry.seq,
    occurred_at: entry.occurredAt.toISOString(),
    customer_id: entry.customerId,
    actor: entry.actor,
    channel: entry.channel,
    kind: entry.kind,
    content: entry.content,
    prev_hash: entry.prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export type ChainBreak = { seq: number; reason: string };

/** Checks entries in sequence order; returns the first broken link, or null. */
export function findChainBreak(entries: Iterable<ChainEntry & { hash: string }>, previous = { seq: 0, hash: genesisHash }): ChainBreak | null {
  let expectedSeq = previous.seq + 1;
  let prevHash = previous.hash;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { seq: entry.seq, reason: `entry ${expectedSeq} is missing (next is ${entry.seq})` };
    if (entry.prevHash !== prevHash) return { seq: entry.seq, reason: 'its link to the previous entry does not match' };
    if (hashEntry(entry) !== entry.hash) return { seq: entry.seq, reason: 'its content does not match its hash (altered)' };
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
