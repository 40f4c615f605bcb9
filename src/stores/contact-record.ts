import { sql } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Db, Tx } from '../db/database.ts';

/** The hash-chained contact record: its entries (table interactions) and the chain head of each organisation. */

export interface ChainHead {
  last_seq: number;
  last_hash: string;
}

export type RecordRow = {
  seq: number;
  occurred_at: string;
  customer_id: string | null;
  actor: string;
  channel: string;
  kind: string;
  /** JSON text, as hashed. */
  content: string;
  content_sha256: string;
  prev_hash: string;
  hash: string;
};

/**
 * The organisation's chain head, created at `genesis` on its first entry, locked until the
 * caller's transaction ends (so appends from concurrent transactions line up). One statement:
 * the no-op update of an existing head takes its row lock and returns it.
 */
export async function lockChainHead(trx: Tx, organisationId: string, genesisHash: string): Promise<ChainHead> {
  return trx
    .insertInto('interaction_chain_heads')
    .values({ organisation_id: organisationId, last_seq: 0, last_hash: genesisHash })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ last_seq: sql<number>`interaction_chain_heads.last_seq` }))
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
}

/** Writes entries after the locked head and moves the head to the last one. */
export async function appendRecordRows(trx: Tx, organisationId: string, rows: readonly RecordRow[]): Promise<void> {
  const last = rows.at(-1);
  if (!last) return;
  await bulkInsert(trx, 'interactions', recordColumns, rows, { constants: { organisation_id: organisationId } });
  await trx.updateTable('interaction_chain_heads').set({ last_seq: last.seq, last_hash: last.hash }).where('organisation_id', '=', organisationId).execute();
}

const recordColumns = [
  { name: 'seq', type: 'bigint' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'customer_id', type: 'uuid' },
  { name: 'actor', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'content', type: 'jsonb' },
  { name: 'content_sha256', type: 'text' },
  { name: 'prev_hash', type: 'text' },
  { name: 'hash', type: 'text' },
];

/** Up to `limit` entries after `afterSeq`, in chain order. */
export function recordPage(db: Db, organisationId: string, afterSeq: number, limit: number) {
  return db
    .selectFrom('interactions')
    .select(['seq', 'occurred_at', 'customer_id', 'actor', 'channel', 'kind', 'content', 'content_sha256', 'erased_at', 'prev_hash', 'hash'])
    .where('organisation_id', '=', organisationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The chain head as stored, without locking it; undefined before the first entry. */
export function chainHead(db: Db, organisationId: string): Promise<ChainHead | undefined> {
  return db.selectFrom('interaction_chain_heads').select(['last_seq', 'last_hash']).where('organisation_id', '=', organisationId).executeTakeFirst();
}
