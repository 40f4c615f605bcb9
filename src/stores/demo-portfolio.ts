import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

export interface DemoPortfolioRows {
  customers: Insertable<DB['customers']>[];
  contacts: Insertable<DB['contacts']>[];
  invoices: Insertable<DB['invoices']>[];
  payments: Insertable<DB['payments']>[];
  allocations: Insertable<DB['allocations']>[];
}

/** Writes a whole demo portfolio in one transaction, only into an existing organisation with no customers. */
export async function insertDemoPortfolio(db: Db, organisationId: string, rows: DemoPortfolioRows): Promise<'loaded' | 'no_organisation' | 'not_empty'> {
  return db.transaction().execute(async (tx) => {
    // Locking the organisation row makes two demo loads racing for it take turns.
    const organisation = await tx.selectFrom('organisations').select('id').where('id', '=', organisationId).forUpdate().executeTakeFirst();
    if (!organisation) return 'no_organisation';
    const existing = await tx.selectFrom('customers').select('id').where('organisation_id', '=', organisationId).limit(1).executeTakeFirst();
    if (existing) return 'not_empty';
    for (const batch of batches(rows.customers)) await tx.insertInto('customers').values(batch).execute();
    for (const batch of batches(rows.contacts)) await tx.insertInto('contacts').values(batch).execute();
    for (const batch of batches(rows.invoices)) await tx.insertInto('invoices').values(batch).execute();
    for (const batch of batches(rows.payments)) await tx.insertInto('payments').values(batch).execute();
    for (const batch of batches(rows.allocations)) await tx.insertInto('allocations').values(batch).execute();
    return 'loaded';
  });
}

const batchSize = 1_000;

function* batches<T>(rows: readonly T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; start += batchSize) yield rows.slice(start, start + batchSize);
}
