-- Privacy (LGPD / GDPR): a debtor's personal data can be exported and, once the debt is
-- closed and the retention period has passed (or on a justified request), erased. The
-- contact record stays verifiable: entries written from now on hash their content's
-- SHA-256 (hash version 2), so erasing the content leaves the hash chain intact.

alter table interactions add column content_sha256 text;
alter table interactions add column erased_at timestamptz;

-- The record stays append-only, except for the erasure of an entry's content, which only
-- the erasure use case does (it sets regua.erasure for its transaction) and which must
-- leave every other column as it was.
create or replace function interactions_are_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and current_setting('regua.erasure', true) = 'on'
     and old.erased_at is null and new.erased_at is not null and new.content = '{"erased": true}'::jsonb
     and (new.organisation_id, new.seq, new.id, new.occurred_at, new.recorded_at, new.customer_id, new.actor,
          new.channel, new.kind, new.prev_hash, new.hash, new.content_sha256)
         is not distinct from
         (old.organisation_id, old.seq, old.id, old.occurred_at, old.recorded_at, old.customer_id, old.actor,
          old.channel, old.kind, old.prev_hash, old.hash, old.content_sha256) then
    return new;
  end if;
  raise exception 'the contact record is append-only (% on interactions refused)', tg_op;
end $$;

alter table customers add column erased_at timestamptz;

-- Every erasure, kept for the accountability the law asks for (no personal data in it).
create table privacy_erasures (
  organisation_id uuid not null references organisations (id),
  id uuid not null default regua_uuid7(),
  customer_id uuid not null,
  erased_at timestamptz not null,
  basis text not null check (basis in ('retention', 'request')),
  reason text not null,
  actor text not null,
  counts jsonb not null,
  primary key (organisation_id, id),
  foreign key (organisation_id, customer_id) references customers (organisation_id, id)
);
create index privacy_erasures_customer on privacy_erasures (organisation_id, customer_id);
