-- Payment plans (parcelamento): the limits a business sets, the plans, the invoices a plan
-- covers, the receivables it creates (down payment + instalments), and late charges
-- crystallised once per invoice and component.

-- One row per organisation; no row means the defaults in src/use-cases/payment-plans/plan-limits.ts.
create table plan_limits (
  organisation_id uuid primary key references organisations (id),
  max_instalments integer not null check (max_instalments >= 1),
  min_instalment_minor bigint not null check (min_instalment_minor >= 0),
  max_discount_bps integer not null check (max_discount_bps between 0 and 10000),
  max_monthly_interest_bps integer not null check (max_monthly_interest_bps between 0 and 10000),
  min_down_payment_bps integer not null check (min_down_payment_bps between 0 and 10000),
  tolerance_days integer not null check (tolerance_days >= 0),
  updated_at timestamptz not null default now()
);

create table payment_plans (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  -- The <short id> of the receivables' external ids, PLAN-<short_id>-<n>.
  short_id text not null,
  customer_id uuid not null,
  currency char(3) not null,
  status text not null default 'active' check (status in ('active', 'completed', 'broken', 'cancelled')),
  frequency text not null check (frequency in ('weekly', 'biweekly', 'monthly')),
  instalment_count integer not null check (instalment_count >= 1),
  monthly_interest_bps integer not null check (monthly_interest_bps >= 0),
  start_date date not null,
  -- open amount of the covered invoices + crystallised charges = down payment + financed.
  debt_minor bigint not null check (debt_minor > 0),
  charges_minor bigint not null check (charges_minor >= 0),
  down_payment_minor bigint not null check (down_payment_minor >= 0),
  interest_minor bigint not null check (interest_minor >= 0),
  total_minor bigint not null check (total_minor > 0),
  tolerance_days integer not null check (tolerance_days >= 0),
  created_on date not null,
  closed_on date,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, short_id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index payment_plans_customer on payment_plans (organisation_id, customer_id, created_at);
create index payment_plans_active on payment_plans (organisation_id) where status = 'active';

create table payment_plan_invoices (
  organisation_id uuid not null,
  plan_id uuid not null,
  invoice_id uuid not null,
  open_minor bigint not null check (open_minor > 0),
  charges_minor bigint not null check (charges_minor >= 0),
  primary key (organisation_id, plan_id, invoice_id),
  foreign key (organisation_id, plan_id) references payment_plans (organisation_id, id),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id)
);
create index payment_plan_invoices_invoice on payment_plan_invoices (organisation_id, invoice_id);

-- Part 0 is the down payment, 1 … n the instalments; each is a receivable (invoices row).
create table payment_plan_instalments (
  organisation_id uuid not null,
  plan_id uuid not null,
  number integer not null check (number >= 0),
  invoice_id uuid not null,
  due_date date not null,
  amount_minor bigint not null check (amount_minor > 0),
  principal_minor bigint not null check (principal_minor >= 0),
  interest_minor bigint not null check (interest_minor >= 0),
  primary key (organisation_id, plan_id, number),
  unique (organisation_id, invoice_id),
  foreign key (organisation_id, plan_id) references payment_plans (organisation_id, id),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id)
);

-- Late charges become owed money only when something crystallises them (a plan, a
-- settlement); otherwise they are computed for display. The key is fees.chargeKey, so
-- recording the same invoice and component twice changes nothing.
create table invoice_charges (
  organisation_id uuid not null,
  key text not null,
  invoice_id uuid not null,
  component text not null check (component in ('discount', 'late_fee', 'interest', 'compensation')),
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  as_of date not null,
  source text not null,
  plan_id uuid,
  created_at timestamptz not null default now(),
  primary key (organisation_id, key),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id),
  foreign key (organisation_id, plan_id) references payment_plans (organisation_id, id)
);
create index invoice_charges_invoice on invoice_charges (organisation_id, invoice_id);
