-- Delivery receipts: provider status callbacks (Twilio SMS, WhatsApp Cloud API) that prove a
-- message reached the debtor's device, or that it failed after hand-over. The proof the credit
-- bureau's prior notice needs (Tema 1.315: sending and delivery proven).

-- When a provider confirmed delivery (the receipt's own time, not the time we processed it).
alter table outbox_messages add column delivered_at timestamptz;

-- A receipt names only the provider's message id: find the row it belongs to.
create index outbox_provider_message on outbox_messages (provider_message_id) where provider_message_id is not null;

-- Every receipt applied, once per message and status: a repeated callback changes nothing.
create table delivery_receipts (
  organisation_id uuid not null,
  id uuid not null default gen_random_uuid(),
  outbox_message_id uuid not null,
  provider text not null,
  provider_message_id text not null,
  status text not null check (status in ('delivered', 'read', 'failed')),
  provider_status text not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  error_code text,
  payload jsonb not null,
  primary key (organisation_id, id),
  unique (organisation_id, provider, provider_message_id, status),
  foreign key (organisation_id, outbox_message_id) references outbox_messages (organisation_id, id)
);
