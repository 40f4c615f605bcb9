-- Settlement offers (issue 9, item 4): a pay-in-full offer the customer accepted. It is a promise
-- to pay the offered amount by valid_until (promise_id: the promise suppresses the cadence and is
-- settled like any other); a payment of at least that amount before then settles the covered
-- invoices, each booking its share of the discount as a 'discount' charge.
create table settlement_offers (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  customer_id uuid not null,
  currency char(3) not null,
  open_minor bigint not null check (open_minor > 0),
  discount_bps integer not null check (discount_bps >= 0 and discount_bps <= 10000),
  discount_minor bigint not null check (discount_minor >= 0),
  amount_minor bigint not null check (amount_minor > 0),
  accepted_on date not null,
  valid_until date not null,
  accepted_by text not null,
  promise_id uuid not null,
  status text not null default 'accepted' check (status in ('accepted', 'fulfilled')),
  fulfilled_on date,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id),
  foreign key (organisation_id, promise_id) references promises (organisation_id, id)
);
create index settlement_offers_customer on settlement_offers (organisation_id, customer_id, created_at);

-- The invoices an offer covers and the share of its discount each one carries.
create table settlement_offer_invoices (
  organisation_id uuid not null,
  offer_id uuid not null,
  invoice_id uuid not null,
  open_minor bigint not null check (open_minor > 0),
  discount_minor bigint not null check (discount_minor >= 0),
  primary key (organisation_id, offer_id, invoice_id),
  foreign key (organisation_id, offer_id) references settlement_offers (organisation_id, id),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id)
);
create index settlement_offer_invoices_invoice on settlement_offer_invoices (organisation_id, invoice_id);
