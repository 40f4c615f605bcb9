-- Dated history of an invoice: credit notes, adjustments and edits of amount or due date.
-- The invoices row keeps the current truth (what the cadence and "open now" use); these rows
-- say when each change took effect, so a report as of a past date undoes every change
-- effective after it: amount then = amount_minor - sum of later deltas; due date then = the
-- due date set by the last change effective by then, else the one the first change replaced.
create table invoice_adjustments (
  organisation_id uuid not null,
  id uuid not null default regua_uuid7(),
  invoice_id uuid not null,
  effective_on date not null,
  kind text not null check (kind in ('credit_note', 'adjustment', 'amount_change', 'due_date_change')),
  -- The change to invoices.amount_minor (0 for a due-date change, and for a credit that voids
  -- an unpaid invoice: the void, dated by voided_on, carries it).
  amount_delta_minor bigint not null default 0,
  previous_due_date date,
  due_date date,
  reason text,
  -- What recorded it: a dispute resolution, an edit (API) or an import.
  source text not null check (source in ('dispute', 'edit', 'import')),
  source_id uuid,
  actor text not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  foreign key (organisation_id, invoice_id) references invoices (organisation_id, id),
  check ((kind = 'due_date_change') = (due_date is not null and previous_due_date is not null)),
  check (kind <> 'amount_change' or amount_delta_minor <> 0),
  check (kind <> 'due_date_change' or amount_delta_minor = 0)
);
create index invoice_adjustments_invoice on invoice_adjustments (organisation_id, invoice_id, effective_on);
-- Aging looks up the changes effective after its date.
create index invoice_adjustments_effective on invoice_adjustments (organisation_id, effective_on);
