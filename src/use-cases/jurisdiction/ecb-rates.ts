import type { Db, Tx } from '../../db/database.ts';
import { isIsoDate, type IsoDate } from '../../domain/dates.ts';
import { formatBps, parsePercentBps } from '../../domain/fees.ts';
import { ecbMainRefinancingRates, mergeRates, type ReferenceRate } from '../../domain/jurisdiction.ts';
import { appendInteraction } from '../contact-record.ts';
import { ValidationError } from '../errors.ts';
import { ownEcbRates, upsertEcbRate } from '../../stores/ecb-rates.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { OrgContext } from '../org-context.ts';

export interface EcbRateRow {
  effective_from: IsoDate;
  rate_bps: number;
  /** 'shipped': Régua's table of the ECB's decisions; 'organisation': added (or corrected) by the organisation. */
  source: 'shipped' | 'organisation';
}

/** The ECB table chargesOn uses for this organisation: the shipped history with its own rows on top. */
export async function loadEcbRates(db: Db | Tx, organisationId: string): Promise<ReferenceRate[]> {
  return mergeRates(ecbMainRefinancingRates, await ownEcbRates(db, organisationId));
}

/** Every rate with where it comes from, oldest first. */
export async function listEcbRates(db: Db, ctx: OrgContext): Promise<EcbRateRow[]> {
  const organisationId = ctx.org.id;
  const own = new Set((await ownEcbRates(db, organisationId)).map((r) => r.effectiveFrom));
  return (await loadEcbRates(db, organisationId)).map((r) => ({
    effective_from: r.effectiveFrom,
    rate_bps: r.rateBps,
    source: own.has(r.effectiveFrom) ? 'organisation' : 'shipped',
  }));
}

/**
 * Records the ECB main refinancing rate in force from a date ("2.15" percent); a row of the
 * same date replaces the earlier one (a correction). Written to the contact record.
 */
export async function addEcbRate(db: Db | Tx, ctx: OrgContext, input: { effectiveFrom: string; ratePercent: string }): Promise<EcbRateRow> {
  return inTransaction(db, (trx) => addEcbRateInTransaction(trx, ctx, input));
}

async function addEcbRateInTransaction(trx: Tx, ctx: OrgContext, input: { effectiveFrom: string; ratePercent: string }): Promise<EcbRateRow> {
  const organisationId = ctx.org.id;
  const rateBps = parsePercentBps(input.ratePercent);
  const errors = [
    ...(isIsoDate(input.effectiveFrom) ? [] : [{ field: 'effective_from', reason: 'is not a date in the form YYYY-MM-DD' }]),
    ...(rateBps !== null && rateBps <= 5000 ? [] : [{ field: 'rate_percent', reason: 'must be a percentage from 0 to 50 with at most two decimals' }]),
  ];
  if (errors.length > 0 || rateBps === null) throw new ValidationError(errors);
  await upsertEcbRate(trx, organisationId, { effectiveFrom: input.effectiveFrom, rateBps, recordedBy: ctx.actor, now: ctx.now });
  await appendInteraction(trx, organisationId, {
    occurredAt: ctx.now,
    customerId: null,
    actor: ctx.actor,
    channel: 'system',
    kind: 'settings_changed',
    content: { settings: 'ecb_reference_rate', effective_from: input.effectiveFrom, rate: formatBps(rateBps) },
  });
  return { effective_from: input.effectiveFrom, rate_bps: rateBps, source: 'organisation' };
}
