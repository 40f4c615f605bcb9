import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { TSchema } from '@sinclair/typebox';

import type { Role } from '../domain/roles.ts';
import { ErrorBody } from './errors.ts';
import { apiPrefix } from './roles.ts';

/**
 * The OpenAPI document's fitness for generated clients, in one place: every operation gets a
 * stable operationId (derived from method and path where the route sets none), the role it
 * needs (x-required-role, also in its description), and the error responses it can answer.
 * Public HTML pages (the opt-out form) are not part of the API and are left out.
 */

const verbs = new Set(['void', 'reverse', 'cancel', 'resolve', 'assign', 'recall', 'allocate', 'ignore', 'preview']);
const keepPlural = new Set(['settings', 'hooks', 'ecb-rates']);
/** Collections whose name does not end in s. */
const collections = new Set(['outbox']);

function words(segment: string): string[] {
  return segment.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function camel(parts: string[]): string {
  return parts.map((p, i) => (i === 0 ? p.toLowerCase() : p.charAt(0).toUpperCase() + p.slice(1).toLowerCase())).join('');
}

function singular(word: string): string {
  if (keepPlural.has(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ss|ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/**
 * listCustomers, getCustomer, createCustomer, updateCustomer, deleteContact,
 * createCustomerPromise, listCustomerInvoices, voidInvoice, cancelPromise …
 * `path` in Fastify form (/api/v1/customers/:id) or OpenAPI form ({id}).
 */
function operationIdFor(method: string, path: string): string {
  const segments = path
    .replace(/^\/api\/v1(?=\/|$)/, '')
    .replace(/^\/api(?=\/)/, '')
    .split('/')
    .filter(Boolean);
  const isParam = (s: string) => s.startsWith(':') || s.startsWith('{') || s === '*';
  const statics = segments.filter((s) => !isParam(s));
  const last = segments.at(-1);
  const item = last !== undefined && isParam(last);
  const m = method.toUpperCase();
  const lastStatic = statics.at(-1) ?? 'root';
  // Settings are one document each: getSettingsContactCaps, putSettingsContactCaps.
  const settings = statics[0] === 'settings';
  const one = (s: string) => (settings ? s : singular(s));
  const head = statics.slice(0, -1).flatMap((s) => words(one(s)));
  if (m === 'POST' && !item && verbs.has(lastStatic)) return camel([lastStatic, ...head]);
  let verb: string;
  let noun: string[];
  switch (m) {
    case 'GET':
      verb = !item && !settings && (collections.has(lastStatic) || (lastStatic.endsWith('s') && !keepPlural.has(lastStatic))) ? 'list' : 'get';
      noun = [...head, ...words(verb === 'list' ? lastStatic : one(lastStatic))];
      break;
    case 'POST':
      verb = 'create';
      noun = [...head, ...words(one(lastStatic))];
      break;
    case 'PUT':
    case 'PATCH':
      verb = m === 'PUT' ? 'put' : 'update';
      noun = [...head, ...words(one(lastStatic))];
      break;
    case 'DELETE':
      verb = 'delete';
      noun = [...head, ...words(one(lastStatic))];
      break;
    default:
      verb = m.toLowerCase();
      noun = [...head, ...words(lastStatic)];
  }
  return camel([verb, ...noun]);
}

const withDescription = (schema: TSchema, description: string) => ({ ...schema, description });

const v1Errors = {
  401: withDescription(ErrorBody, 'Not authenticated: no, a malformed, a revoked API token, or no live session (code unauthorized)'),
  403: withDescription(
    ErrorBody,
    'The role may not call this operation (forbidden), a cookie session sent no or a wrong X-CSRF-Token (csrf), or no organisation is selected',
  ),
};

const clientError = withDescription(ErrorBody, 'A client error: validation_failed (400), not_found (404), conflict (409) and the codes the summary names');

interface RouteLike {
  method: string | string[];
  url: string;
  config?: { role?: Role } | undefined;
}

/** Applied to every route when the document is generated (the routes themselves are unchanged). */
function transformRoute({ schema, url, route }: { schema: Record<string, unknown> | undefined; url: string; route: RouteLike }): {
  schema: Record<string, unknown>;
  url: string;
} {
  const base = schema ?? {};
  if (url.includes('*')) return { schema: { ...base, hide: true }, url };
  const method = (Array.isArray(route.method) ? route.method.find((m) => m !== 'HEAD') : route.method) ?? 'GET';
  const response = { ...((base.response as Record<string, TSchema> | undefined) ?? {}) };
  if (!Object.keys(response).some((code) => code.startsWith('4'))) response['4xx'] = clientError;
  // Downloads (PDF, CSV, JSON files) declare no body schema: document them as a file.
  if (!Object.keys(response).some((code) => code.startsWith('2'))) {
    const type = url.endsWith('.csv') ? 'text/csv' : url.endsWith('.json') ? 'application/json' : 'application/pdf';
    response[method === 'POST' ? '201' : '200'] = {
      description: 'The file',
      content: { [type]: { schema: { type: 'string', format: 'binary' } } },
    } as unknown as TSchema;
  }
  const next: Record<string, unknown> = { ...base, operationId: base.operationId ?? operationIdFor(method, url), response };
  const role = route.config?.role;
  if (url.startsWith(apiPrefix) && role) {
    Object.assign(response, v1Errors);
    next['x-required-role'] = role;
    const summary = typeof base.summary === 'string' ? base.summary : '';
    next.description = `${typeof base.description === 'string' ? `${base.description}\n\n` : summary ? `${summary}.\n\n` : ''}Required role: ${role} or above.`;
  }
  return { schema: next, url };
}

const description =
  'Accounts receivable: customers, contacts, invoices, payments and reports. Money is {"amount": "1234.56", "currency": "BRL"} in responses and ' +
  'a decimal string in requests. Errors are {"error": {"code", "message", "details"}}. POST requests accept an Idempotency-Key header. ' +
  'Lists page with ?limit= and ?cursor= (next_cursor of the previous page). A path :id is the uuid or ext:<external_id>. ' +
  'Authenticate with an API token (Authorization: Bearer) or, in the browser, the regua_session cookie from POST /api/auth/login ' +
  '(mutations then send X-CSRF-Token). Each operation names the least role it needs (x-required-role): viewer < collector < admin < owner.';

const tagDescriptions: Record<string, string> = {
  customers: 'Customers, their balances and history',
  contacts: 'Contacts of customers, channels and consent',
  invoices: 'Invoices and their adjustments',
  payments: 'Payments and allocations',
  reports: 'Aging and other reports',
  'account work': "The collector's worklist: interactions, promises, disputes, tasks",
  'payment plans': 'Instalment plans and settlement offers',
  escalation: 'Bureau listings, agency hand-offs, legal packets, write-offs',
  reconciliation: 'Bank statements and their matching',
  cadence: 'Policies, templates, runs and the outbox',
  settings: 'Organisation, settings, API tokens and webhooks',
  system: "Health and providers' callbacks",
  users: 'Users of the organisation, roles and invitations',
  auth: 'Browser sign-in: sessions, password reset, invitations',
};

export function openapiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Régua API', version: '1.0.0', description, license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' } },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API token of one organisation' },
          cookieAuth: {
            type: 'apiKey',
            in: 'cookie',
            name: 'regua_session',
            description: 'a browser session (POST /api/auth/login); mutations send X-CSRF-Token',
          },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
      tags: Object.entries(tagDescriptions).map(([name, text]) => ({ name, description: text })),
    },
    transform: transformRoute as unknown as NonNullable<FastifyDynamicSwaggerOptions['transform']>,
  };
}
