import { Type } from '@sinclair/typebox';
import type { OrganisationUser } from '../../use-cases/users/manage-users.ts';
import type { OwnSession } from '../../use-cases/users/own-sessions.ts';
import { Nullable, Timestamp } from './common.ts';

export const RoleJson = Type.Union([Type.Literal('viewer'), Type.Literal('collector'), Type.Literal('admin'), Type.Literal('owner')], {
  description: 'owner ⊃ admin ⊃ collector ⊃ viewer',
});

export const SessionUserJson = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), language: Type.String() });

export const SessionJson = Type.Object(
  {
    user: SessionUserJson,
    memberships: Type.Array(Type.Object({ organisation: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }), role: RoleJson })),
    organisation_id: Type.Union([Type.String(), Type.Null()]),
    role: Type.Union([RoleJson, Type.Null()]),
    csrf_token: Type.String({ description: 'send it as X-CSRF-Token on every cookie-authenticated POST/PUT/PATCH/DELETE' }),
  },
  { title: 'Session' },
);

export const UserJson = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: RoleJson,
    disabled: Type.Boolean(),
    last_sign_in_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'OrganisationUser' },
);

export function userJson(user: OrganisationUser) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    last_sign_in_at: user.last_sign_in_at?.toISOString() ?? null,
  };
}

export const OwnSessionJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    created_at: Timestamp(),
    last_seen_at: Timestamp(),
    expires_at: Timestamp(),
    ip: Nullable(Type.String()),
    user_agent: Nullable(Type.String()),
    current: Type.Boolean({ description: 'the session of this request' }),
  },
  { title: 'OwnSession' },
);

export function ownSessionJson(s: OwnSession) {
  return {
    ...s,
    created_at: s.created_at.toISOString(),
    last_seen_at: s.last_seen_at.toISOString(),
    expires_at: s.expires_at.toISOString(),
  };
}
