-- Late charges become receivables of their own kind (issue 9, item 3), and payment terms become
-- manageable per organisation, segment or customer (item 4).

-- A booked charge is paid by payments like an invoice: paid_minor is the sum of its live
-- charge_allocations. A 'discount' row is a credit instead (an early payment inside its window):
-- payment_id names the payment it came with, and it stops counting from
-- reversed_on when that payment is reversed.
alter table invoice_charges
  add column paid_minor bigint not null default 0,
  add column payment_id uuid,
  add column reversed_on date,
  add constraint invoice_charges_paid check (paid_minor >= 0 and paid_minor <= amount_minor),
  add constraint invoice_charges_payment foreign key (organisation_id, payment_id) references payments (organisation_id, id);

-- The last day a reminder demanded late charges on the invoice, and the last day its amount
-- holds (its boleto's due date; else that day): a payment from then on books the charges as
-- demanded when it comes within that window, else those the terms give on its date. Nothing is
-- booked that was never asked.
alter table invoices add column charges_demanded_on date, add column charges_demanded_until date;

-- A slice of a payment applied to a booked charge; counts for dates in [allocated_on, reversed_on).
create table charge_allocations (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  payment_id uuid not null,
  charge_key text not null,
  invoice_id uuid not null,
  amount_minor bigint not null check (amount_minor > 0),
  allocated_on date not null,
  reversed_on date,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  foreign key (organisation_id, payment_id) references payments (organisation_id, id),
  foreign key (organisation_id, charge_key) references invoice_charges (organisation_id, key),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id)
);
create index charge_allocations_payment on charge_allocations (organisation_id, payment_id);
create index charge_allocations_charge on charge_allocations (organisation_id, charge_key);

-- Terms for a segment (customers without their own); customer terms are customers.payment_terms_id.
alter table payment_terms
  add column scope text not null default 'organisation' check (scope in ('organisation', 'segment', 'customer')),
  add column segment text,
  add column customer_id uuid,
  add constraint payment_terms_customer foreign key (organisation_id, customer_id) references customers (organisation_id, id);
create index payment_terms_segment on payment_terms (organisation_id, segment, version) where scope = 'segment';
