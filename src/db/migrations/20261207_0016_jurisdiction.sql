-- Escalation steps per debtor country: {"BR": ["bureau_listing", "agency", "court"], "MX": ["agency"]}.
-- A country not listed gets domain/jurisdiction.ts defaultEscalationSteps (bureau only for BR).
alter table escalation_settings add column steps_by_country jsonb not null default '{}';

-- The ECB main refinancing rate as the organisation records it (Spain, Ley 3/2004: statutory
-- interest = ECB rate + 8 points). Rows override or extend the history shipped in the code.
create table ecb_reference_rates (
  organisation_id uuid not null references organisations (id),
  effective_from date not null,
  rate_bps integer not null check (rate_bps between -1000 and 5000),
  recorded_by text not null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, effective_from)
);

-- A write-off can be reversed: the invoice reopens from reversed_on, and aging as of earlier
-- dates still leaves it out. Only one live (not reversed) write-off per invoice.
alter table write_offs
  add column reversed_on date,
  add column reversal_reason text,
  add column reversed_by text,
  add constraint write_offs_reversal_complete check ((reversed_on is null) = (reversal_reason is null) and (reversed_on is null) = (reversed_by is null)),
  add constraint write_offs_reversed_after check (reversed_on is null or reversed_on >= written_off_on);
alter table write_offs drop constraint write_offs_organisation_id_invoice_id_key;
create unique index write_offs_live on write_offs (organisation_id, invoice_id) where reversed_on is null;
create index write_offs_invoice on write_offs (organisation_id, invoice_id);

-- An agency hand-off claims the late charges on the invoices too (itemised in its packet).
alter table agency_handoffs add column charges_minor bigint not null default 0 check (charges_minor >= 0);
