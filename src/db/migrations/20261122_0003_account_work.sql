-- Account work: the reasons debtors give for paying late. Promises, disputes and tasks
-- already exist (0002); this module adds the reason log and an index the worklist reads.

create table late_payment_reasons (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  category text not null check (category in (
    'forgot', 'cash_flow', 'invoice_not_received', 'product_or_service_problem', 'wrong_contact', 'disputes_amount', 'other')),
  text text,
  channel text not null,
  actor text not null,
  recorded_at timestamptz not null,
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index late_payment_reasons_customer on late_payment_reasons (organisation_id, customer_id, recorded_at desc);

-- The promise-kept rate and the worklist's promise history read promises per customer.
create index promises_customer on promises (organisation_id, customer_id, created_at);
