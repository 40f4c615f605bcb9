-- The debtor portal (issue 12). A portal link is a signed token (src/domain/portal/token.ts)
-- naming a customer and its link generation: revoking a customer's links bumps the generation,
-- so every link signed before stops opening. No row = generation 0, never revoked.
create table portal_links (
  organisation_id uuid not null,
  customer_id uuid not null,
  generation integer not null default 0 check (generation between 0 and 65535),
  revoked_at timestamptz,
  primary key (organisation_id, customer_id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);

-- Every form the debtor submits carries an idempotency key: the first submission's outcome is
-- kept here, a double submit or a replayed form answers it again and changes nothing.
create table portal_submissions (
  organisation_id uuid not null,
  idempotency_key text not null,
  customer_id uuid not null,
  action text not null,
  outcome jsonb not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, idempotency_key),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
