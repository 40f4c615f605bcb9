import { isUuid, RecordNotFoundError, type RecordRef } from './customers.ts';

/**
 * Finds a record by uuid or external id with `load` (a store read), or throws `<what>_not_found`;
 * a malformed uuid is not found without asking the database.
 */
export async function findByRef<T>(what: string, ref: RecordRef, load: (ref: RecordRef) => Promise<T | undefined>): Promise<T> {
  if ('id' in ref && !isUuid(ref.id)) throw new RecordNotFoundError(what, ref);
  const row = await load(ref);
  if (!row) throw new RecordNotFoundError(what, ref);
  return row;
}
