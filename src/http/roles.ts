import type { Role } from '../domain/roles.ts';
import { leastRoleForPermission, type Permission } from '../domain/roles.ts';

/**
 * The role matrix of the API, in one place: the permission (and so the least role) each
 * /api/v1 route needs, derived from its method and path. Every GET reads (viewer); every other
 * method is daily operations (collector) unless an override below says it administers (admin)
 * or owns (owner). A route may also declare `config: { role }` itself. The onRequest hook in
 * auth.ts enforces it; openapi.ts writes it into each operation (x-required-role).
 */
const overrides: { method: string; path: RegExp; permission: Permission }[] = [
  // Settings, policies, templates, payment terms, organisation, API tokens, webhooks, users.
  { method: '*', path: /^\/settings(\/|$)/, permission: 'administer' },
  { method: 'POST', path: /^\/policies$/, permission: 'administer' },
  { method: 'PUT', path: /^\/templates\//, permission: 'administer' },
  { method: 'POST', path: /^\/payment-terms$/, permission: 'administer' },
  { method: '*', path: /^\/organisation$/, permission: 'administer' },
  { method: '*', path: /^\/api-tokens(\/|$)/, permission: 'administer' },
  { method: '*', path: /^\/webhooks(\/|$)/, permission: 'administer' },
  { method: '*', path: /^\/users(\/|$)/, permission: 'administer' },
  // The credit decision reads (GET, viewer); staged credit is a setting (/settings/credit, admin above).
  { method: 'GET', path: /^\/customers\/:id\/credit-decision$/, permission: 'read' },
  // Writing off bad debt (and reversing it) is an accounting decision.
  { method: 'POST', path: /^\/invoices\/:id\/write-off(\/reversal)?$/, permission: 'administer' },
];

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isReadMethod(method: string): boolean {
  return readMethods.has(method.toUpperCase());
}

/** The permission a route needs; `path` is the route pattern below /api/v1 (e.g. /customers/:id). */
function requiredPermission(method: string, path: string): Permission {
  const m = method.toUpperCase();
  if (readMethods.has(m)) return 'read';
  const override = overrides.find((o) => (o.method === '*' || o.method === m) && o.path.test(path));
  return override?.permission ?? 'operate';
}

export function requiredRole(method: string, path: string): Role {
  return leastRoleForPermission(requiredPermission(method, path));
}

export const apiPrefix = '/api/v1';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route (set centrally from requiredRole when the route does not). */
    role?: Role;
  }
}
