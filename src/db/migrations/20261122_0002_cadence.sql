-- The cadence: policies, what was done per receivable, the outbox, tasks, webhooks, documents,
-- and the disputes and promises that suppress it.

alter table customers
  add column tier text,
  add column risk_band text,
  add column cadence_policy_name text,
  add column postal_address text;

create table cadence_policies (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  name text not null,
  version integer not null check (version > 0),
  -- Customers of these segments follow this policy; the default one covers the rest.
  segments text[] not null default '{}',
  is_default boolean not null default false,
  definition jsonb not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, name, version)
);

-- Each (receivable, policy step) happens at most once: the backbone of the run's idempotency.
create table step_executions (
  organisation_id uuid not null,
  receivable_id uuid not null,
  policy_name text not null,
  step_id text not null,
  customer_id uuid not null,
  executed_on date not null,
  outcome text not null check (outcome in ('sent', 'skipped')),
  created_at timestamptz not null default now(),
  primary key (organisation_id, receivable_id, policy_name, step_id),
  foreign key (organisation_id, receivable_id) references invoices (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index step_executions_customer on step_executions (organisation_id, customer_id);

create table cadence_runs (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  as_of date not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  trigger text not null default 'cli',
  summary jsonb,
  primary key (organisation_id, id)
);

create table outbox_messages (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  -- customer:step:currency:as_of:contact — the same decision never makes a second message.
  dedupe_key text not null,
  as_of date not null,
  policy_name text not null,
  step_id text not null,
  channel text not null check (channel in ('email', 'sms', 'whatsapp', 'letter')),
  template text not null,
  tone text not null,
  language text not null,
  contact_id uuid,
  recipient text not null,
  timezone text not null,
  country char(2) not null,
  currency char(3) not null,
  receivable_ids uuid[] not null,
  attach_invoices boolean not null default false,
  status text not null default 'pending'
    check (status in ('pending', 'held', 'sent', 'queued_for_print', 'delivered', 'failed', 'bounced', 'cancelled')),
  next_attempt_at timestamptz not null,
  attempts integer not null default 0,
  last_error text,
  provider_message_id text,
  subject text,
  body_text text,
  body_html text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, dedupe_key),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id),
  foreign key (organisation_id, contact_id) references contacts (organisation_id, id) on delete set null
);
create index outbox_due on outbox_messages (organisation_id, next_attempt_at) where status in ('pending', 'held');
create index outbox_customer on outbox_messages (organisation_id, customer_id, sent_at);

-- Human work: call tasks, escalation markers, reviews. The worklist reads this.
create table tasks (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  kind text not null,
  dedupe_key text not null,
  step_id text,
  currency char(3),
  receivable_ids uuid[] not null default '{}',
  amount_minor bigint,
  due_on date not null,
  not_before timestamptz,
  status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  assigned_to text,
  instructions text,
  outcome text,
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  primary key (organisation_id, id),
  unique (organisation_id, dedupe_key),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index tasks_open on tasks (organisation_id, due_on) where status = 'open';

create table disputes (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  invoice_id uuid not null,
  reason text not null,
  owner text,
  deadline date,
  status text not null default 'open' check (status in ('open', 'accepted', 'rejected')),
  resolution jsonb,
  opened_at timestamptz not null default now(),
  resolved_at timestamptz,
  primary key (organisation_id, id),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id)
);
create unique index disputes_one_open on disputes (organisation_id, invoice_id) where status = 'open';

create table promises (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  promised_date date not null,
  amount_minor bigint not null check (amount_minor > 0),
  currency char(3) not null,
  grace_days integer not null default 2 check (grace_days >= 0),
  channel text not null,
  invoice_ids uuid[] not null,
  status text not null default 'pending' check (status in ('pending', 'kept', 'broken', 'cancelled')),
  created_at timestamptz not null default now(),
  settled_at timestamptz,
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index promises_pending on promises (organisation_id, customer_id) where status = 'pending';

create table webhook_endpoints (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  url text not null,
  secret text not null,
  event_types text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id)
);

create table webhook_deliveries (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  endpoint_id uuid not null,
  event_id text not null,
  event_type text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status_code integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  primary key (organisation_id, id),
  unique (organisation_id, endpoint_id, event_id),
  foreign key (organisation_id, endpoint_id) references webhook_endpoints (organisation_id, id)
);
create index webhook_deliveries_due on webhook_deliveries (organisation_id, next_attempt_at) where status = 'pending';

create table documents (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  key text not null,
  kind text not null,
  customer_id uuid,
  filename text not null,
  content_type text not null,
  content bytea not null,
  sha256 text not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, key)
);

-- One scheduled run per organisation and business date, whichever process claims it first.
create unique index cadence_runs_scheduled_once on cadence_runs (organisation_id, as_of) where trigger = 'scheduler';
