-- Risk model in service and good-payer tiers (issue 13, items 2, 3 and 7).
-- Each training writes a new model version: the logistic coefficients (or none: the documented
-- rule-based score stands while the history is too short) and its backtest on the held-out
-- period beside the rule-based baseline's.
create table risk_models (
  organisation_id uuid not null references organisations (id),
  version integer not null check (version > 0),
  kind text not null check (kind in ('logistic', 'rules')),
  trained_at timestamptz not null,
  trained_on date not null,
  cutoff date not null,
  coefficients jsonb,
  metrics jsonb not null,
  primary key (organisation_id, version)
);

-- The customer's current score (the band also drives cadence conditions: customers.risk_band)
-- and tier (customers.tier), as the daily run or `regua risk train` last computed them.
alter table customers
  add column risk_probability double precision,
  add column risk_reasons jsonb,
  add column risk_model_version integer,
  add column risk_scored_on date,
  add column tier_reason text,
  add column tier_since date;

-- Every tier or risk band change of a customer, with its reason.
create table customer_insight_changes (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  kind text not null check (kind in ('tier', 'risk_band')),
  changed_on date not null,
  from_value text,
  to_value text not null,
  reason text not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index customer_insight_changes_customer on customer_insight_changes (organisation_id, customer_id, changed_on);
