import type { Db, Tx } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';

export function organisationById(db: Db | Tx, organisationId: string): Promise<Organisation> {
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
}

/** Every organisation, for the background work that visits each one. */
export function allOrganisations(db: Db | Tx): Promise<Organisation[]> {
  return db.selectFrom('organisations').selectAll().execute();
}
