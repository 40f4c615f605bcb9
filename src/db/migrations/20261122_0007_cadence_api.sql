-- Template texts edited by the business through the API. Each save is a new version of its
-- (key, channel, language); the latest version is the one used, older ones stay as the record
-- of what was sent when.

create table template_overrides (
  organisation_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  key text not null,
  channel text not null check (channel in ('email', 'sms', 'whatsapp', 'letter', 'call_task')),
  language text not null,
  subject text,
  body text not null,
  html text,
  version integer not null check (version > 0),
  created_by text,
  created_at timestamptz not null default now(),
  primary key (organisation_id, id),
  unique (organisation_id, key, channel, language, version)
);
