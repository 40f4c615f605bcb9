import { createHash } from 'node:crypto';
import type { Tx } from '../../db/database.ts';

/** Stores a generated file in `documents` under a unique key; returns its id. */
export async function storeDocument(trx: Tx, organisationId: string, doc: { key: string; kind: string; customerId: string; filename: string; contentType: string; content: Buffer }): Promise<string> {
  const sha256 = createHash('sha256').update(doc.content).digest('hex');
  const row = await trx
    .insertInto('documents')
    .values({ organisation_id: organisationId, key: doc.key, kind: doc.kind, customer_id: doc.customerId, filename: doc.filename, content_type: doc.contentType, content: doc.content, sha256 })
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doUpdateSet({ content: doc.content, sha256 }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
