import { Type, type TSchema } from '@sinclair/typebox';
import { isIsoDate } from '../domain/dates.ts';
import type { Page, PageRequest } from '../use-cases/record-ref.ts';
import { UserError } from '../use-cases/errors.ts';
import { Nullable } from './schemas/common.ts';

/**
 * Keyset pagination: the cursor is the opaque base64url of the sort key of the last row
 * returned, so a page never skips or repeats rows when others are inserted meanwhile.
 */
const defaultLimit = 50;
const maxLimit = 500;

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxLimit, default: defaultLimit, description: `page size, 1 to ${maxLimit}` })),
  cursor: Type.Optional(Type.String({ description: 'next_cursor of the previous page' })),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), next_cursor: Nullable(Type.String({ description: 'null on the last page' })) });
}

/** What each part of a sort key is, so a tampered cursor is refused instead of queried. */
export type CursorPart = 'text' | 'date';

export function pageRequest(query: { limit?: number; cursor?: string }, shape: readonly CursorPart[]): PageRequest {
  return { limit: query.limit ?? defaultLimit, after: query.cursor === undefined ? null : decodeCursor(query.cursor, shape) };
}

export function pageResponse<T, J>(page: Page<T>, present: (item: T) => J): { data: J[]; next_cursor: string | null } {
  return { data: page.items.map(present), next_cursor: page.next ? encodeCursor(page.next) : null };
}

function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, shape: readonly CursorPart[]): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) && key.length === shape.length && key.every((part, i) => typeof part === 'string' && (shape[i] !== 'date' || isIsoDate(part)));
  if (!valid)
    throw new UserError('cursor is not one this list returned', 'invalid_cursor', [{ field: 'query.cursor', reason: 'is not a cursor of this list' }]);
  return key as string[];
}
