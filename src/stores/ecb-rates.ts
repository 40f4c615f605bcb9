import type { Db, Tx } from '../db/database.ts';
import type { ReferenceRate } from '../domain/jurisdiction.ts';

/** The organisation's own ECB rates (added or corrected), oldest first. */
export async function ownEcbRates(db: Db | Tx, organisationId: string): Promise<ReferenceRate[]> {
  const rows = await db
    .selectFrom('ecb_reference_rates')
    .select(['effective_from', 'rate_bps'])
    .where('organisation_id', '=', organisationId)
    .orderBy('effective_from')
    .execute();
  return rows.map((r) => ({ effectiveFrom: r.effective_from, rateBps: r.rate_bps }));
}

/** Records the rate in force from a date; a row of the same date is replaced (a correction). */
export async function upsertEcbRate(
  db: Db | Tx,
  organisationId: string,
  rate: { effectiveFrom: string; rateBps: number; recordedBy: string; now: Date },
): Promise<void> {
  await db
    .insertInto('ecb_reference_rates')
    .values({ organisation_id: organisationId, effective_from: rate.effectiveFrom, rate_bps: rate.rateBps, recorded_by: rate.recordedBy })
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'effective_from']).doUpdateSet({ rate_bps: rate.rateBps, recorded_by: rate.recordedBy, created_at: rate.now }),
    )
    .execute();
}
