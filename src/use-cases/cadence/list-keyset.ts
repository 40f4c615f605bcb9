import { isUuid, type PageRequest } from '../record-ref.ts';
import { UserError } from '../errors.ts';

/**
 * The last row seen of a newest-first keyset page over (timestamp, id) (stores/keyset.ts),
 * or undefined on the first page; a cursor this list did not return is refused.
 */
export function keysetAfter(page: PageRequest): readonly [string, string] | undefined {
  if (!page.after) return undefined;
  const [at, id] = page.after;
  if (!at || !id || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) || !isUuid(id)) {
    throw new UserError('cursor is not one this list returned', 'invalid_cursor', [{ field: 'query.cursor', reason: 'is not a cursor of this list' }]);
  }
  return [at, id];
}
