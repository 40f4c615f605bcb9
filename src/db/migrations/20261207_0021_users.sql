-- Users and roles (issue 11): people sign in with a password, hold a role in each organisation
-- they belong to, and act through a database session sent as an HTTP-only cookie.
-- Users, sessions and one-time tokens are not owned by one organisation (an accountant may
-- serve several): they are reference data for a distributed schema; memberships carry
-- organisation_id like every business table.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null default '',
  language text not null default 'pt-BR',
  -- argon2id (PHC string); null until the invitation is accepted.
  password_hash text,
  disabled_at timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table memberships (
  organisation_id uuid not null references organisations (id),
  user_id uuid not null references users (id),
  role text not null check (role in ('owner', 'admin', 'collector', 'viewer')),
  -- Disabled in this organisation: the user can no longer act in it.
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (organisation_id, user_id)
);
create index memberships_user on memberships (user_id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  -- sha-256 of the cookie's secret; the secret itself is never stored.
  token_hash text not null unique,
  user_id uuid not null references users (id),
  organisation_id uuid references organisations (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id, created_at);

-- Invitation and password-reset links: single use (used_at) and expiring.
create table one_time_tokens (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  kind text not null check (kind in ('invitation', 'password_reset')),
  user_id uuid not null references users (id),
  organisation_id uuid references organisations (id),
  role text check (role in ('owner', 'admin', 'collector', 'viewer')),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index one_time_tokens_user on one_time_tokens (user_id, kind);

-- Sign-in attempts, for rate limiting per account (e-mail) and per address.
create table login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  address text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index login_attempts_email on login_attempts (lower(email), attempted_at);
create index login_attempts_address on login_attempts (address, attempted_at);

-- The outbox of account e-mails (invitations, password resets), written in the same
-- transaction as the token and delivered by the e-mail transport; the link is cleared once sent.
create table account_emails (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid references organisations (id),
  user_id uuid not null references users (id),
  kind text not null check (kind in ('invitation', 'password_reset')),
  recipient text not null,
  language text not null,
  subject text not null,
  body_text text,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now()
);
create index account_emails_due on account_emails (next_attempt_at) where status = 'pending';

-- API tokens have a role too; existing tokens keep working on every route.
alter table api_tokens add column role text not null default 'admin' check (role in ('owner', 'admin', 'collector', 'viewer'));
