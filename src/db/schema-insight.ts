import type { ColumnType, Generated } from 'kysely';
import type { IsoDate } from '../domain/dates.ts';

/** Tables of src/db/migrations/20261207_0023_risk_tiers.sql; DB in schema.ts extends this interface. */
type Json<T> = ColumnType<T, string | null, string | null>;

export interface RiskModelTable {
  organisation_id: string;
  version: number;
  kind: 'logistic' | 'rules';
  trained_at: Date;
  trained_on: IsoDate;
  cutoff: IsoDate;
  coefficients: Json<unknown>;
  metrics: ColumnType<unknown, string, string>;
}

export interface CustomerInsightChangeTable {
  organisation_id: string;
  id: Generated<string>;
  customer_id: string;
  kind: 'tier' | 'risk_band';
  changed_on: IsoDate;
  from_value: string | null;
  to_value: string;
  reason: string;
  created_at: Generated<Date>;
}

export interface InsightTables {
  risk_models: RiskModelTable;
  customer_insight_changes: CustomerInsightChangeTable;
}
