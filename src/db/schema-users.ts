import type { ColumnType, Generated, Selectable } from 'kysely';
import type { OneTimeTokenKind } from '../domain/account-tokens.ts';
import type { Role } from '../domain/roles.ts';

/** Tables of src/db/migrations/20261207_0021_users.sql; DB in schema.ts extends this interface. */
export type { OneTimeTokenKind, Role };

export interface UserTable {
  id: Generated<string>;
  email: string;
  name: Generated<string>;
  language: Generated<string>;
  password_hash: string | null;
  disabled_at: Date | null;
  last_sign_in_at: Date | null;
  created_at: Generated<Date>;
}

export interface MembershipTable {
  organisation_id: string;
  user_id: string;
  role: Role;
  disabled_at: Date | null;
  created_at: Generated<Date>;
}

export interface SessionTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  organisation_id: string | null;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface OneTimeTokenTable {
  id: Generated<string>;
  token_hash: string;
  kind: OneTimeTokenKind;
  user_id: string;
  organisation_id: string | null;
  role: Role | null;
  expires_at: Date;
  used_at: Date | null;
  created_at: Generated<Date>;
}

export interface LoginAttemptTable {
  id: Generated<string>;
  email: string;
  address: string;
  succeeded: boolean;
  attempted_at: ColumnType<Date, Date | undefined, never>;
}

export interface AccountEmailTable {
  id: Generated<string>;
  organisation_id: string | null;
  user_id: string;
  kind: OneTimeTokenKind;
  recipient: string;
  language: string;
  subject: string;
  body_text: string | null;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Generated<Date>;
}

export interface UsersTables {
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  one_time_tokens: OneTimeTokenTable;
  login_attempts: LoginAttemptTable;
  account_emails: AccountEmailTable;
}

export type User = Selectable<UserTable>;
export type Membership = Selectable<MembershipTable>;
export type Session = Selectable<SessionTable>;
export type OneTimeToken = Selectable<OneTimeTokenTable>;
export type AccountEmail = Selectable<AccountEmailTable>;
