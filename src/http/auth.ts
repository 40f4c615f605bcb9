import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import type { Session, User } from '../db/schema-users.ts';
import { roleAtLeast, type Role } from '../domain/roles.ts';
import { organisationById } from '../stores/organisations.ts';
import { authenticateApiToken } from '../use-cases/api-tokens.ts';
import type { OrgContext } from '../use-cases/org-context.ts';
import { ForbiddenError } from '../use-cases/users/errors.ts';
import { authenticateSession, type ClientInfo } from '../use-cases/users/sessions.ts';
import { UnauthorizedError } from './errors.ts';
import { apiPrefix, isReadMethod, requiredRole } from './roles.ts';

/**
 * Who is calling: an API token or a signed-in user (cookie session) of one organisation that
 * scopes every query, with the role the route is checked against.
 */
export interface Principal {
  organisation: Organisation;
  role: Role;
  /** The API token's id, when a token calls. */
  tokenId?: string;
  /** The user's id, when a cookie session calls. */
  userId?: string;
  /** How the contact record names this caller: api:<token id> or user:<user id>. */
  actor: string;
}

export const sessionCookie = 'regua_session';

const principals = new WeakMap<FastifyRequest, Principal>();

/**
 * onRequest hook on /api/v1: `Authorization: Bearer <token>` or the session cookie (with the
 * X-CSRF-Token header on mutations), else 401; then the route's least role, else 403. All of it
 * before any validation or work.
 */
export function authenticate(db: Db): onRequestAsyncHookHandler {
  return async (request) => {
    const authorization = request.headers.authorization;
    const cookie = request.cookies?.[sessionCookie];
    let principal: Principal;
    if (authorization !== undefined || !cookie) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) throw new UnauthorizedError('missing API token: send "Authorization: Bearer <token>"');
      const token = await authenticateApiToken(db, match[1]!);
      if (!token) throw new UnauthorizedError('invalid or revoked API token');
      const organisation = await organisationById(db, token.organisationId).catch(() => undefined);
      if (!organisation) throw new UnauthorizedError('the organisation of this API token no longer exists');
      principal = { organisation, role: token.role, tokenId: token.tokenId, actor: `api:${token.tokenId}` };
    } else {
      const auth = await authenticateSession(db, cookie, new Date());
      if (!auth) throw new UnauthorizedError('not signed in, or the session has ended: sign in again');
      checkCsrf(request, auth.session);
      if (!auth.session.organisation_id || !auth.role)
        throw new ForbiddenError('no organisation selected: select one with POST /api/auth/organisation', 'no_organisation');
      const organisation = await organisationById(db, auth.session.organisation_id);
      principal = { organisation, role: auth.role, userId: auth.user.id, actor: `user:${auth.user.id}` };
    }
    const least = request.routeOptions.config.role ?? requiredRole(request.method, routePath(request.routeOptions.url ?? request.url));
    if (!roleAtLeast(principal.role, least)) {
      throw new ForbiddenError(
        `your role (${principal.role}) may not ${isReadMethod(request.method) ? 'read' : 'do'} ${request.method} ${request.routeOptions.url ?? request.url}: it needs ${least}`,
      );
    }
    principals.set(request, principal);
  };
}

/** Cookie-authenticated mutations must send the session's CSRF token in X-CSRF-Token. */
export function checkCsrf(request: FastifyRequest, session: Session): void {
  if (isReadMethod(request.method)) return;
  const sent = request.headers['x-csrf-token'];
  const expected = Buffer.from(session.csrf_token);
  const actual = Buffer.from(typeof sent === 'string' ? sent : '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new ForbiddenError("missing or wrong CSRF token: send the session's csrf_token in the X-CSRF-Token header", 'csrf');
  }
}

/** The route pattern below /api/v1 (/customers/:id). */
function routePath(url: string): string {
  return url.startsWith(apiPrefix) ? url.slice(apiPrefix.length) || '/' : url;
}

/** Sets the route's least role (config.role) centrally when the route does not declare one. */
export function declareRoles(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(apiPrefix)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const role = route.config?.role ?? requiredRole(methods.find((m) => m !== 'HEAD') ?? 'GET', routePath(route.url));
    route.config = { ...route.config, role };
  });
}

export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error(`no authenticated principal on ${request.method} ${request.url}: route registered outside /api/v1?`);
  return principal;
}

export function organisationIdOf(request: FastifyRequest): string {
  return principalOf(request).organisation.id;
}

/** The organisation context a route hands to use cases: the caller's organisation (read once, at authentication), who is acting, and now. */
export function contextOf(request: FastifyRequest, now: Date = new Date()): OrgContext {
  const { organisation, actor } = principalOf(request);
  return { org: organisation, actor, now };
}

/** Where the request came from, for sessions and sign-in rate limiting. */
export function clientOf(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof agent === 'string' ? agent : null };
}

/** The signed-in user of a cookie session, for the /api/auth routes (401 when none). */
export async function sessionOf(db: Db, request: FastifyRequest): Promise<{ session: Session; user: User; role: Role | null }> {
  const cookie = request.cookies?.[sessionCookie];
  const auth = cookie ? await authenticateSession(db, cookie, new Date()) : null;
  if (!auth) throw new UnauthorizedError('not signed in, or the session has ended: sign in again');
  return auth;
}

/** HTTP-only, SameSite=Lax, Path=/, Secure when the request came over https. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(sessionCookie, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https', maxAge: 14 * 24 * 3600 });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https' });
}
