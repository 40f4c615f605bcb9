import { Type } from '@sinclair/typebox';
import { inviteUser } from '../../use-cases/users/invite-user.ts';
import { listUsers, updateOrganisationUser, userProfile } from '../../use-cases/users/manage-users.ts';
import { contextOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { RoleJson, SessionUserJson, UserJson, userJson } from '../schemas/users.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['users'];

/** The organisation's users and invitations, and who the caller is (GET /me). */
export function userRoutes(app: Api, { db, publicUrl }: ApiDeps & { publicUrl: string }): void {
  app.get(
    '/users',
    {
      schema: {
        tags,
        operationId: 'listUsers',
        summary: "The organisation's users with their role, by e-mail",
        response: withErrors({ 200: Type.Object({ items: Type.Array(UserJson) }) }),
      },
    },
    async (request) => ({
      items: (await listUsers(db, contextOf(request))).map(userJson),
    }),
  );

  app.post(
    '/users/invitations',
    {
      schema: {
        tags,
        operationId: 'createUserInvitation',
        summary: 'Invite a person with a role: an invitation e-mail (single-use link, valid 7 days) goes through the outbox; only an owner invites an owner',
        body: Type.Object({ email: Type.String({ maxLength: 320 }), role: RoleJson, name: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: withErrors({
          201: Type.Object({ id: Type.String(), email: Type.String(), role: RoleJson, expires_at: Type.String({ format: 'date-time' }) }),
        }),
      },
    },
    async (request, reply) => {
      const invitation = await inviteUser(db, contextOf(request), request.body, { inviterRole: principalOf(request).role, publicUrl, email: true });
      reply.code(201);
      return { id: invitation.id, email: invitation.email, role: invitation.role, expires_at: invitation.expires_at.toISOString() };
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        operationId: 'updateUser',
        summary: "Change a user's role or disable them in the organisation (only an owner grants or revokes owner; the last owner stays)",
        params: Type.Object({ id: Type.String() }),
        body: Type.Object({ role: Type.Optional(RoleJson), disabled: Type.Optional(Type.Boolean()) }),
        response: withErrors({ 200: UserJson }),
      },
    },
    async (request) => userJson(await updateOrganisationUser(db, contextOf(request), principalOf(request).role, request.params.id, request.body)),
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        operationId: 'getMe',
        summary: 'Who is calling: the user (null for an API token), the organisation and the role',
        response: withErrors({
          200: Type.Object({
            user: Type.Union([SessionUserJson, Type.Null()]),
            organisation: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
            role: RoleJson,
          }),
        }),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return {
        user: principal.userId ? await userProfile(db, principal.userId) : null,
        organisation: { id: principal.organisation.id, slug: principal.organisation.slug, name: principal.organisation.name },
        role: principal.role,
      };
    },
  );
}
