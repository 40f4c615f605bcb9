import type { Db, Tx } from '../../db/database.ts';
import type { Customer } from '../../db/schema.ts';
import { dateInZone } from '../../domain/dates.ts';
import { organisationById } from '../../stores/organisations.ts';
import { findCustomer } from '../customers.ts';
import { isUuid, type RecordRef } from '../record-ref.ts';

/** The organisation's business date at `now` (its time zone decides when a day starts); with an OrgContext use businessDateOf. */
export async function businessDate(db: Db | Tx, organisationId: string, now: Date): Promise<string> {
  const org = await organisationById(db, organisationId);
  return dateInZone(now, org.timezone);
}

export function customerByRef(db: Db, organisationId: string, ref: RecordRef, options: { lock?: boolean } = {}): Promise<Customer> {
  return findCustomer(db, organisationId, ref, options);
}

/** Keyset pages sorted newest first on (instant, id): the cursor is [ISO instant, id]. */
export function isoInstant(value: Date | string): string {
  return new Date(value).toISOString();
}

/** A decoded [instant, uuid] cursor, or null when it is not one (a tampered cursor matches nothing). */
export function instantIdCursor(after: readonly string[] | null): { at: Date; id: string } | null | 'invalid' {
  if (!after) return null;
  const at = new Date(after[0] ?? '');
  if (Number.isNaN(at.getTime()) || !isUuid(after[1] ?? '')) return 'invalid';
  return { at, id: after[1]! };
}
