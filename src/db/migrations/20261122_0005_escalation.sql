-- Escalation and closure: credit-bureau listings and their prior notices, collection-agency
-- hand-offs, service suspensions, write-offs and what was recovered after them.

-- Business settings of escalation, one row per organisation (absent: the defaults).
create table escalation_settings (
  organisation_id uuid primary key references organisations (id),
  -- Small-claims court limit (Brazil JEC, Lei 9.099/95 art. 3 I: 40 minimum wages; 40 × R$ 1.518,00 in 2025).
  court_limit_minor bigint not null default 6072000 check (court_limit_minor > 0),
  court_limit_currency char(3) not null default 'BRL',
  -- Days between proven delivery of the prior notice and the listing, per Brazilian state (UF → days).
  notice_days_by_state jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

-- The prior written notice of a listing (CDC art. 43 §2), with proof of sending and delivery
-- (Tema 1.315): an outbox message (e-mail or letter) or a stored letter document.
create table bureau_notices (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  outbox_message_id uuid,
  document_id uuid,
  channel text not null,
  receivable_ids uuid[] not null,
  sent_at timestamptz,
  delivered_at timestamptz,
  delivery_evidence jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id),
  foreign key (organisation_id, outbox_message_id) references outbox_messages (organisation_id, id),
  foreign key (organisation_id, document_id) references documents (organisation_id, id)
);
create index bureau_notices_customer on bureau_notices (organisation_id, customer_id);

-- One listing per cadence marker (a 'bureau_listing' task): from the wait for the notice
-- period to the removal after payment (STJ Súmula 548) or at expiry (CDC art. 43 §1).
create table bureau_listings (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  task_id uuid not null,
  notice_id uuid,
  state char(2),
  notice_days integer not null check (notice_days >= 0),
  currency char(3) not null,
  amount_minor bigint not null check (amount_minor > 0),
  receivable_ids uuid[] not null,
  oldest_due_date date not null,
  expires_on date not null,
  status text not null default 'pending' check (status in ('pending', 'listed', 'removed', 'cancelled')),
  protocol text,
  listed_on date,
  listed_at timestamptz,
  paid_on date,
  removal_due_on date,
  removal_reason text,
  removed_at timestamptz,
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, task_id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id),
  foreign key (organisation_id, task_id) references tasks (organisation_id, id),
  foreign key (organisation_id, notice_id) references bureau_notices (organisation_id, id)
);
create index bureau_listings_live on bureau_listings (organisation_id, status) where status in ('pending', 'listed');

create table agency_handoffs (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  agency text not null,
  -- Commission on recoveries in basis points (1 500 = 15 %).
  commission_bp integer not null check (commission_bp between 0 and 10000),
  invoice_ids uuid[] not null,
  currency char(3) not null,
  amount_minor bigint not null,
  handed_off_on date not null,
  recalled_on date,
  status text not null default 'active' check (status in ('active', 'recalled')),
  previous_customer_status text not null,
  csv_document_id uuid,
  pdf_document_id uuid,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create unique index agency_handoffs_one_active on agency_handoffs (organisation_id, customer_id) where status = 'active';

create table service_suspensions (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  reason text,
  started_at timestamptz not null,
  started_by text not null,
  ended_at timestamptz,
  ended_by text,
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create unique index service_suspensions_one_open on service_suspensions (organisation_id, customer_id) where ended_at is null;

create table write_offs (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  invoice_id uuid not null,
  customer_id uuid not null,
  written_off_on date not null,
  reason text not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  recorded_by text not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, invoice_id),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index write_offs_date on write_offs (organisation_id, written_off_on);

-- Money received on a written-off invoice: one row per allocation that reopened it.
create table write_off_recoveries (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  write_off_id uuid not null,
  allocation_id uuid not null,
  payment_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  recovered_on date not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, allocation_id),
  foreign key (organisation_id, write_off_id) references write_offs (organisation_id, id),
  foreign key (organisation_id, allocation_id) references allocations (organisation_id, id),
  foreign key (organisation_id, payment_id) references payments (organisation_id, id)
);
create index write_off_recoveries_date on write_off_recoveries (organisation_id, recovered_on);
