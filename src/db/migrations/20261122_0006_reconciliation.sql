-- Reconciliation: imported bank statements, every line of them, and the review queue of the
-- lines that did not match an open invoice automatically.

-- The references a bank echoes back when an invoice is paid: the boleto's nosso número and
-- the Pix txid Régua issued. Unique per organisation so that a match on them is unambiguous.
alter table invoices
  add column nosso_numero text,
  add column pix_txid text;
create unique index invoices_nosso_numero on invoices (organisation_id, nosso_numero) where nosso_numero is not null;
create unique index invoices_pix_txid on invoices (organisation_id, pix_txid) where pix_txid is not null;

-- One row per imported file; the same file (same bytes) is imported once.
create table bank_statements (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  sha256 text not null,
  filename text,
  format text not null check (format in ('cnab240', 'cnab400', 'ofx', 'csv')),
  bank_code text,
  currency char(3) not null,
  imported_at timestamptz not null,
  imported_by text not null,
  -- matched / suggested / unmatched / ignored / duplicate counts at import time.
  summary jsonb not null default '{}',
  primary key (organisation_id, id),
  unique (organisation_id, sha256)
);

-- Every line of every statement, once: the fingerprint identifies the bank entry, so the same
-- entry in an overlapping later file is not stored (nor paid) again.
-- status: matched (a payment was created automatically), suggested / unmatched (waiting in
-- the review queue), allocated (a person allocated it), ignored (moves no money in: debits,
-- notices), dismissed (a person decided it is not a customer payment).
create table bank_statement_lines (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  statement_id uuid not null,
  line_no integer not null,
  fingerprint text not null,
  entry_date date not null,
  amount_minor bigint not null,
  currency char(3) not null,
  kind text not null check (kind in ('settlement', 'credit', 'debit', 'info')),
  nosso_numero text,
  document_number text,
  pix_txid text,
  payer_name text,
  payer_tax_id text,
  memo text,
  reference text,
  status text not null check (status in ('matched', 'suggested', 'unmatched', 'allocated', 'ignored', 'dismissed')),
  rule text,
  confidence double precision not null default 0,
  -- [{invoice_id, rule, confidence}], best first.
  suggestions jsonb not null default '[]',
  note text,
  payment_id uuid,
  resolved_at timestamptz,
  resolved_by text,
  primary key (organisation_id, id),
  unique (organisation_id, fingerprint),
  foreign key (organisation_id, statement_id) references bank_statements (organisation_id, id),
  foreign key (organisation_id, payment_id) references payments (organisation_id, id)
);
create index bank_statement_lines_statement on bank_statement_lines (organisation_id, statement_id, line_no);
create index bank_statement_lines_queue on bank_statement_lines (organisation_id, entry_date, id) where status in ('suggested', 'unmatched');
-- The line a payment came from (and the foreign key's check when a payment row goes).
create index bank_statement_lines_payment on bank_statement_lines (organisation_id, payment_id) where payment_id is not null;
