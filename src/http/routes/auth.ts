import { Type } from '@sinclair/typebox';
import { acceptInvitation, confirmPasswordReset } from '../../use-cases/users/accept-invitation.ts';
import { requestPasswordReset } from '../../use-cases/users/request-password-reset.ts';
import { selectOrganisation } from '../../use-cases/users/select-organisation.ts';
import { listOwnSessions, revokeOwnSession } from '../../use-cases/users/own-sessions.ts';
import { sessionView, signOut } from '../../use-cases/users/sessions.ts';
import { signIn } from '../../use-cases/users/sign-in.ts';
import { checkCsrf, clearSessionCookie, clientOf, sessionCookie, sessionOf, setSessionCookie } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { OwnSessionJson, ownSessionJson, SessionJson } from '../schemas/users.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['auth'];
const publicRoute = { security: [] as Record<string, string[]>[] };
const cookieOnly = { security: [{ cookieAuth: [] }] };

/**
 * Browser sign-in (the agreed contract for the web app): a database session in the
 * HTTP-only `regua_session` cookie; mutations with a session send X-CSRF-Token.
 */
export function authRoutes(app: Api, { db, publicUrl }: ApiDeps & { publicUrl: string }): void {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        operationId: 'login',
        ...publicRoute,
        summary: 'Sign in with e-mail and password: sets the session cookie (5 failures per account, 20 per address in 15 minutes, then 429)',
        body: Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) }),
        response: withErrors({ 200: SessionJson }),
      },
    },
    async (request, reply) => {
      const started = await signIn(db, request.body, clientOf(request), new Date());
      setSessionCookie(request, reply, started.token);
      return started.session;
    },
  );

  app.get(
    '/api/auth/session',
    { schema: { tags, operationId: 'getSession', ...cookieOnly, summary: 'The signed-in session', response: withErrors({ 200: SessionJson }) } },
    async (request) => {
      const { session, user } = await sessionOf(db, request);
      return sessionView(db, session, user);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags,
        operationId: 'logout',
        ...cookieOnly,
        summary: 'Sign out: deletes the session and clears the cookie',
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[sessionCookie];
      if (cookie) {
        const auth = await sessionOf(db, request).catch(() => null);
        if (auth) {
          checkCsrf(request, auth.session);
          await signOut(db, auth.session.id);
        }
      }
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      schema: {
        tags,
        operationId: 'listOwnSessions',
        ...cookieOnly,
        summary: "The signed-in user's live sessions (every browser, every organisation), the last used first; `current` marks this one",
        response: withErrors({ 200: Type.Object({ data: Type.Array(OwnSessionJson) }) }),
      },
    },
    async (request) => {
      const { session, user } = await sessionOf(db, request);
      return { data: (await listOwnSessions(db, user.id, session.id, new Date())).map(ownSessionJson) };
    },
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      schema: {
        tags,
        operationId: 'revokeOwnSession',
        ...cookieOnly,
        summary: "Sign one of the user's own sessions out (its cookie is refused from now on); another user's session is 404",
        params: Type.Object({ id: Type.String() }),
        response: withErrors({ 204: Type.Null() }),
      },
    },
    async (request, reply) => {
      const { session, user } = await sessionOf(db, request);
      checkCsrf(request, session);
      await revokeOwnSession(db, user.id, request.params.id, new Date());
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/organisation',
    {
      schema: {
        tags,
        operationId: 'selectOrganisation',
        ...cookieOnly,
        summary: 'Select the organisation the session acts in (the user must be a member)',
        body: Type.Object({ organisation_id: Type.String() }),
        response: withErrors({ 200: SessionJson }),
      },
    },
    async (request) => {
      const { session, user } = await sessionOf(db, request);
      checkCsrf(request, session);
      return selectOrganisation(db, session, user, request.body.organisation_id);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags,
        operationId: 'requestPasswordReset',
        ...publicRoute,
        summary: 'Send a password-reset link (valid 1 hour) by e-mail when the user exists; always 202',
        body: Type.Object({ email: Type.String({ maxLength: 320 }) }),
        response: withErrors({ 202: Type.Null() }),
      },
    },
    async (request, reply) => {
      await requestPasswordReset(db, request.body.email, { publicUrl, now: new Date() });
      return reply.code(202).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      schema: {
        tags,
        operationId: 'confirmPasswordReset',
        ...publicRoute,
        summary: "Set a new password with the link's token and sign in (ends the other sessions); 400 invalid_token",
        body: Type.Object({ token: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 1024 }) }),
        response: withErrors({ 200: SessionJson }),
      },
    },
    async (request, reply) => {
      const started = await confirmPasswordReset(db, request.body, clientOf(request), new Date());
      setSessionCookie(request, reply, started.token);
      return started.session;
    },
  );

  app.post(
    '/api/auth/invitations/accept',
    {
      schema: {
        tags,
        operationId: 'acceptInvitation',
        ...publicRoute,
        summary: 'Accept an invitation: set a password (and name) and sign in to the organisation; 400 invalid_token',
        body: Type.Object({
          token: Type.String({ maxLength: 200 }),
          password: Type.String({ maxLength: 1024 }),
          name: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: withErrors({ 200: SessionJson }),
      },
    },
    async (request, reply) => {
      const started = await acceptInvitation(db, request.body, clientOf(request), new Date());
      setSessionCookie(request, reply, started.token);
      return started.session;
    },
  );
}
