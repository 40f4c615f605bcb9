import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { DocumentTable } from '../db/schema.ts';

/** Stored documents (letters as PDF), keyed so that a retry replaces the same file. */
export async function storeLetterDocument(trx: Tx | Db, organisationId: string, key: string, pdf: Buffer): Promise<void> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await trx
    .insertInto('documents')
    .values({ organisation_id: organisationId, key, kind: 'letter', filename: key.split('/').at(-1)!, content_type: 'application/pdf', content: pdf, sha256 })
    .onConflict((oc) => oc.columns(['organisation_id', 'key']).doUpdateSet({ content: pdf, sha256 }))
    .execute();
}

export function documentById(db: Db, organisationId: string, id: string): Promise<Selectable<DocumentTable> | undefined> {
  return db.selectFrom('documents').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
}

export async function documentIdByKey(db: Db, organisationId: string, key: string): Promise<string | null> {
  const row = await db.selectFrom('documents').select('id').where('organisation_id', '=', organisationId).where('key', '=', key).executeTakeFirst();
  return row?.id ?? null;
}
