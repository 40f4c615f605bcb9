import type { Db, Tx } from './database.ts';

/** Runs `work` in the caller's transaction when given one, else in a new transaction. */
export function inTransaction<T>(db: Db | Tx, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Tx) : db.transaction().execute(work);
}
