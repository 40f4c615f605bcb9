import { Type } from '@sinclair/typebox';
import { createContact, deleteContact, listContacts, updateContact } from '../../use-cases/contacts.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import { ContactCreateBody, ContactJson, ContactListQuery, ContactParams, ContactPatchBody, contactJson } from '../schemas/contacts.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['contacts'];

export function contactRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/customers/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Add a contact to a customer',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ContactCreateBody,
        response: withErrors({ 201: ContactJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => contactJson(await createContact(trx, ctx, refFromPath(request.params.id), request.body))),
  );

  app.get(
    '/customers/:id/contacts',
    { schema: { tags, summary: "A customer's contacts", params: IdParams, querystring: ContactListQuery, response: withErrors({ 200: PageOf(ContactJson) }) } },
    async (request) =>
      pageResponse(await listContacts(db, contextOf(request), refFromPath(request.params.id), pageRequest(request.query, ['text', 'text'])), contactJson),
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Change a contact (consent changes are recorded with their time)',
        params: ContactParams,
        body: ContactPatchBody,
        response: withErrors({ 200: ContactJson }),
      },
    },
    (request, reply) => runWrite(db, request, reply, 200, async (trx, ctx) => contactJson(await updateContact(trx, ctx, request.params.id, request.body))),
  );

  app.delete(
    '/contacts/:id',
    { schema: { tags, summary: 'Remove a contact', params: ContactParams, response: withErrors({ 204: Type.Null({ description: 'removed' }) }) } },
    (request, reply) => runWrite(db, request, reply, 204, async (trx, ctx) => deleteContact(trx, ctx, request.params.id)),
  );
}
