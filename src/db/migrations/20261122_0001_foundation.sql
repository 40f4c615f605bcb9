-- Foundation: organisations, customers, contacts, invoices, payments, allocations,
-- payment terms, the contact record and API plumbing.
-- Every business table carries organisation_id, and its primary key, unique constraints and
-- foreign keys include it, so the schema can be distributed by organisation (Citus).

create table organisations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null,
  legal_name text,
  tax_id text,
  address text,
  country char(2) not null default 'BR',
  timezone text not null default 'America/Sao_Paulo',
  default_currency char(3) not null default 'BRL',
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table api_tokens (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  secret_hash text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (organisation_id, id)
);

-- Payment terms: the policy as data (terms, grace, discount, fees, interest, caps).
create table payment_terms (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  version integer not null default 1 check (version > 0),
  is_default boolean not null default false,
  rules jsonb not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, name, version)
);
create unique index payment_terms_one_default on payment_terms (organisation_id) where is_default;

create table customers (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  external_id text not null,
  name text not null,
  tax_id text,
  tax_id_kind text,
  party_type text not null default 'business' check (party_type in ('business', 'consumer')),
  country char(2) not null,
  language text not null,
  timezone text not null,
  segment text,
  credit_limit_minor bigint check (credit_limit_minor >= 0),
  status text not null default 'active'
    check (status in ('active', 'paused', 'with_agency', 'in_court', 'bankrupt', 'closed')),
  paused_until date,
  payment_terms_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, external_id),
  foreign key (organisation_id, payment_terms_id) references payment_terms (organisation_id, id)
);
create index customers_name on customers (organisation_id, lower(name));

create table policy_acknowledgements (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  payment_terms_id uuid not null,
  terms_version integer not null,
  channel text not null,
  acknowledged_at timestamptz not null,
  evidence jsonb not null default '{}',
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id),
  foreign key (organisation_id, payment_terms_id) references payment_terms (organisation_id, id)
);

create table contacts (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  name text,
  role text not null default 'billing' check (role in ('billing', 'manager', 'owner')),
  channel text not null check (channel in ('email', 'phone', 'whatsapp')),
  address text not null,
  language text,
  timezone text,
  consent text not null default 'granted' check (consent in ('granted', 'unknown', 'opted_out')),
  consent_changed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, customer_id, channel, address),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id) on delete cascade
);

-- Receivables: an invoice, or an instalment of one (parent_invoice_id).
create table invoices (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  external_id text not null,
  customer_id uuid not null,
  number text not null,
  issue_date date not null,
  due_date date not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  description text,
  -- Sum of the live allocations: the open balance now is amount_minor - paid_minor.
  paid_minor bigint not null default 0,
  status text not null default 'open' check (status in ('open', 'paid', 'void', 'written_off')),
  voided_on date,
  written_off_on date,
  parent_invoice_id uuid,
  instalment_number integer check (instalment_number > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, external_id),
  check (paid_minor >= 0 and paid_minor <= amount_minor),
  check (due_date >= issue_date),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id),
  foreign key (organisation_id, parent_invoice_id) references invoices (organisation_id, id)
);
create index invoices_customer_due on invoices (organisation_id, customer_id, due_date);
create index invoices_open_due on invoices (organisation_id, due_date) where status = 'open';

create table payments (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  external_id text not null,
  customer_id uuid not null,
  received_on date not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  method text,
  reference text,
  -- The invoice the payer named; the rest of the payment goes oldest first.
  target_invoice_id uuid,
  allocated_minor bigint not null default 0,
  status text not null default 'posted' check (status in ('posted', 'reversed')),
  reversed_on date,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, external_id),
  check (allocated_minor >= 0 and allocated_minor <= amount_minor),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id),
  foreign key (organisation_id, target_invoice_id) references invoices (organisation_id, id)
);
create index payments_customer on payments (organisation_id, customer_id, received_on);

-- A slice of a payment applied to a receivable. It counts for dates in
-- [allocated_on, reversed_on), which keeps aging as of a past date historically right.
create table allocations (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  payment_id uuid not null,
  invoice_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  allocated_on date not null,
  reversed_on date,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  foreign key (organisation_id, payment_id) references payments (organisation_id, id),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id)
);
create index allocations_invoice on allocations (organisation_id, invoice_id);
create index allocations_payment on allocations (organisation_id, payment_id);

-- The contact record: append-only and hash-chained per organisation.
create table interactions (
  organisation_id uuid not null,
  seq bigint not null check (seq > 0),
  id uuid not null default gen_random_uuid(),
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  customer_id uuid,
  actor text not null,
  channel text not null,
  kind text not null,
  content jsonb not null default '{}',
  prev_hash text not null,
  hash text not null,
  primary key (organisation_id, seq),
  unique (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index interactions_customer on interactions (organisation_id, customer_id, seq);

create table interaction_chain_heads (
  organisation_id uuid primary key references organisations (id),
  last_seq bigint not null,
  last_hash text not null
);

create function interactions_are_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the contact record is append-only (% on interactions refused)', tg_op;
end $$;
create trigger interactions_append_only before update or delete on interactions
  for each row execute function interactions_are_append_only();

create table idempotency_keys (
  organisation_id uuid not null references organisations (id),
  key text not null,
  request_hash text not null,
  status_code integer not null,
  response_body jsonb not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, key)
);
