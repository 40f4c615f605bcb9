import { NotFoundError } from './errors.ts';

/**
 * What use cases share to name records and page through them: a record reference (uuid or
 * external id), the actor and instant of an action, keyset pages, and the not-found error.
 */

/** A record named by its uuid or by the id it has in the business's own system. */
export type RecordRef = { id: string } | { externalId: string };

/** Who acts and when: the actor and the instant go into the contact record. */
export interface ActionContext {
  actor: string;
  now: Date;
}

/** A keyset page: rows after `after` (the sort key of the last row already seen). */
export interface PageRequest {
  limit: number;
  after: readonly string[] | null;
}

export interface Page<T> {
  items: T[];
  /** Sort key of the last item when more rows follow, else null. */
  next: string[] | null;
}

/** A record missing from the organisation; code `<what>_not_found` (HTTP 404). */
export class RecordNotFoundError extends NotFoundError {
  override readonly code: string;
  constructor(what: string, ref: RecordRef) {
    super(what, 'id' in ref ? ref.id : `ext:${ref.externalId}`);
    this.code = `${what}_not_found`;
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid that is not even well formed names no record (and must not reach a uuid column). */
export function isUuid(text: string): boolean {
  return uuidPattern.test(text);
}

/** Takes `limit + 1` rows from a keyset query and splits off the next cursor key. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? keyOf(items.at(-1)!) : null };
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

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
