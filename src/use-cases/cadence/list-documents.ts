import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { DocumentTable } from '../../db/schema.ts';
import { documentById } from '../../stores/documents.ts';
import { isUuid } from '../record-ref.ts';
import { NotFoundError } from '../errors.ts';

class DocumentNotFoundError extends NotFoundError {
  override readonly code = 'document_not_found';
}

/** A stored document (a letter's PDF …) with its bytes. */
export async function getDocument(db: Db, organisationId: string, id: string): Promise<Selectable<DocumentTable>> {
  if (!isUuid(id)) throw new DocumentNotFoundError('document', id);
  const row = await documentById(db, organisationId, id);
  if (!row) throw new DocumentNotFoundError('document', id);
  return row;
}
