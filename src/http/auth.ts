import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import { authenticateApiToken } from '../use-cases/api-tokens.ts';
import { UnauthorizedError } from './errors.ts';
import type { OrgContext } from '../use-cases/org-context.ts';

/** Who is calling: an API token, bound to one organisation that scopes every query. */
export interface Principal {
  organisation: Organisation;
  tokenId: string;
  /** How the contact record names this caller. */
  actor: string;
}

const principals = new WeakMap<FastifyRequest, Principal>();

/** onRequest hook: `Authorization: Bearer <token>` or 401, before any validation or work. */
export function authenticate(db: Db): onRequestAsyncHookHandler {
  return async (request) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedError('missing API token: send "Authorization: Bearer <token>"');
    const token = await authenticateApiToken(db, match[1]!);
    if (!token) throw new UnauthorizedError('invalid or revoked API token');
    const organisation = await db.selectFrom('organisations').selectAll().where('id', '=', token.organisationId).executeTakeFirst();
    if (!organisation) throw new UnauthorizedError('the organisation of this API token no longer exists');
    principals.set(request, { organisation, tokenId: token.tokenId, actor: `api:${token.tokenId}` });
  };
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
