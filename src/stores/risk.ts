import { sql } from 'kysely';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Db, Tx } from '../db/database.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { CustomerInsightChangeTable } from '../db/schema-insight.ts';

/**
 * Risk models (one row per trained version), each customer's current score and tier (columns of
 * customers) and the history of their tier and risk band changes.
 */

export interface RiskModelRow {
  version: number;
  kind: 'logistic' | 'rules';
  trained_at: Date;
  trained_on: IsoDate;
  cutoff: IsoDate;
  coefficients: unknown;
  metrics: unknown;
}

/** The organisation's newest model, if any. */
export function latestRiskModel(db: Db | Tx, organisationId: string): Promise<RiskModelRow | undefined> {
  return db
    .selectFrom('risk_models')
    .select(['version', 'kind', 'trained_at', 'trained_on', 'cutoff', 'coefficients', 'metrics'])
    .where('organisation_id', '=', organisationId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Stores a new model version (the next number; the caller holds the organisation's insight lock). */
export async function insertRiskModel(trx: Tx, organisationId: string, model: Omit<RiskModelRow, 'version'>): Promise<number> {
  const { next } = await trx
    .selectFrom('risk_models')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('risk_models')
    .values({
      organisation_id: organisationId,
      version: next,
      kind: model.kind,
      trained_at: model.trained_at,
      trained_on: model.trained_on,
      cutoff: model.cutoff,
      coefficients: model.coefficients === null ? null : JSON.stringify(model.coefficients),
      metrics: JSON.stringify(model.metrics),
    })
    .execute();
  return next;
}

/** Serialises insight refreshes of one organisation (daily run and `regua risk train`) until the transaction ends. */
export async function lockInsight(trx: Tx, organisationId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('insight:' || ${organisationId}))`.execute(trx);
}

/** What the refresh compares against: every customer's current tier and band. */
export function customerInsightStates(db: Db | Tx, organisationId: string) {
  return db
    .selectFrom('customers')
    .select(['id', 'external_id', 'tier', 'tier_since', 'risk_band'])
    .where('organisation_id', '=', organisationId)
    .orderBy('external_id')
    .execute();
}

export interface CustomerInsightUpdate {
  customerId: string;
  riskProbability: number;
  riskBand: string;
  riskReasons: Record<string, string[]>;
  riskModelVersion: number;
  tier: string;
  tierReason: string;
  tierSince: IsoDate;
}

const chunk = 5000;

/** Writes the customers' new scores and tiers, one unnest() statement per chunk. */
export async function updateCustomerInsight(trx: Tx, organisationId: string, scoredOn: IsoDate, updates: readonly CustomerInsightUpdate[]): Promise<void> {
  for (let i = 0; i < updates.length; i += chunk) {
    const part = updates.slice(i, i + chunk);
    const column = <T>(pick: (u: CustomerInsightUpdate) => T) => part.map(pick);
    await sql`
      update customers c set
        risk_probability = v.probability, risk_band = v.band, risk_reasons = v.reasons, risk_model_version = v.version,
        risk_scored_on = ${scoredOn}::date, tier = v.tier, tier_reason = v.tier_reason, tier_since = v.tier_since
      from unnest(${column((u) => u.customerId)}::uuid[], ${column((u) => u.riskProbability)}::float8[], ${column((u) => u.riskBand)}::text[],
                  ${column((u) => JSON.stringify(u.riskReasons))}::jsonb[], ${column((u) => u.riskModelVersion)}::int[], ${column((u) => u.tier)}::text[],
                  ${column((u) => u.tierReason)}::text[], ${column((u) => u.tierSince)}::date[])
        as v(id, probability, band, reasons, version, tier, tier_reason, tier_since)
      where c.organisation_id = ${organisationId} and c.id = v.id`.execute(trx);
  }
}

/** One tier or risk-band change of a customer, as the table stores it. */
export type InsightChange = Omit<CustomerInsightChangeTable, 'organisation_id' | 'id' | 'created_at'>;

export async function insertInsightChanges(trx: Tx, organisationId: string, changes: readonly InsightChange[]): Promise<void> {
  await bulkInsert(
    trx,
    'customer_insight_changes',
    [
      { name: 'customer_id', type: 'uuid' },
      { name: 'kind', type: 'text' },
      { name: 'changed_on', type: 'date' },
      { name: 'from_value', type: 'text' },
      { name: 'to_value', type: 'text' },
      { name: 'reason', type: 'text' },
    ],
    changes as unknown as Record<string, unknown>[],
    { constants: { organisation_id: organisationId } },
  );
}
