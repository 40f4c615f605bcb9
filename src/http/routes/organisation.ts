import { Type } from '@sinclair/typebox';
import { issueApiToken, listApiTokens, revokeApiToken } from '../../use-cases/api-tokens.ts';
import { updateOrganisation } from '../../use-cases/organisations.ts';
import { changeSettings } from '../../use-cases/settings-change.ts';
import { contextOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { ApiTokenJson, apiTokenJson, OrganisationBody, OrganisationJson, organisationJson } from '../schemas/settings.ts';
import { RoleJson } from '../schemas/users.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['settings'];

/** The organisation's identity (as `regua org update`) and its API tokens (as `regua token list|revoke`). */
export function organisationRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/organisation',
    { schema: { tags, summary: 'The organisation: the creditor identity printed on collection messages', response: withErrors({ 200: OrganisationJson }) } },
    async (request) => organisationJson(principalOf(request).organisation),
  );

  app.patch(
    '/organisation',
    {
      schema: {
        tags,
        summary: 'Change the creditor identity (name, legal name, tax id, address, city, time zone); refusals name the field',
        body: OrganisationBody,
        response: withErrors({ 200: OrganisationJson }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const b = request.body;
      const changes = {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.legal_name !== undefined ? { legalName: b.legal_name } : {}),
        ...(b.tax_id !== undefined ? { taxId: b.tax_id } : {}),
        ...(b.address !== undefined ? { address: b.address } : {}),
        ...(b.city !== undefined ? { city: b.city } : {}),
        ...(b.timezone !== undefined ? { timezone: b.timezone } : {}),
      };
      return organisationJson(await changeSettings(db, ctx, 'organisation', (trx) => updateOrganisation(trx, ctx.org, changes), organisationJson));
    },
  );

  app.get(
    '/api-tokens',
    {
      schema: {
        tags,
        summary: "The organisation's API tokens, oldest first (never their secrets; revoked ones included)",
        response: withErrors({ 200: Type.Object({ data: Type.Array(ApiTokenJson) }) }),
      },
    },
    async (request) => ({
      data: (await listApiTokens(db, principalOf(request).organisation.id)).map(apiTokenJson),
    }),
  );

  app.post(
    '/api-tokens',
    {
      schema: {
        tags,
        operationId: 'createApiToken',
        summary: 'Create an API token with a role (default viewer; not above what the caller may grant): its secret is in this answer only',
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), role: Type.Optional(RoleJson) },
          { additionalProperties: false },
        ),
        response: withErrors({
          201: Type.Object({ ...ApiTokenJson.properties, token: Type.String({ description: 'the secret: send it as Authorization: Bearer <token>' }) }),
        }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const created = await issueApiToken(db, contextOf(request), principal.role, { name: request.body.name, role: request.body.role ?? 'viewer' });
      reply.code(201);
      return { ...apiTokenJson(created.token), token: created.secret };
    },
  );

  app.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API token: it is refused (401) from now on',
        params: Type.Object({ id: Type.String() }),
        response: withErrors({ 200: ApiTokenJson }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const revoked = await changeSettings(
        db,
        ctx,
        'api_token_revoked',
        (trx) => revokeApiToken(trx, ctx.org.id, request.params.id, ctx.now),
        (token) => ({ token_id: token.id, name: token.name }),
      );
      return apiTokenJson(revoked);
    },
  );
}
