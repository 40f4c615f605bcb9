import { createCustomer, getCustomer, listCustomers, updateCustomer } from '../../use-cases/customers.ts';
import { organisationIdOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import {
  CustomerCreateBody,
  CustomerDetailJson,
  CustomerJson,
  CustomerListQuery,
  CustomerPatchBody,
  customerDetailJson,
  customerJson,
} from '../schemas/customers.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['customers'];

export function customerRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/customers',
    {
      schema: { tags, summary: 'Create a customer', headers: IdempotencyHeaders, body: CustomerCreateBody, response: withErrors({ 201: CustomerDetailJson }) },
    },
    (request, reply) => runWrite(db, request, reply, 201, async (trx, ctx) => customerDetailJson(await createCustomer(trx, ctx.org.id, request.body, ctx))),
  );

  app.get(
    '/customers',
    { schema: { tags, summary: 'List customers', querystring: CustomerListQuery, response: withErrors({ 200: PageOf(CustomerJson) }) } },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return pageResponse(await listCustomers(db, organisationIdOf(request), filters, pageRequest({ limit, cursor }, ['text'])), customerJson);
    },
  );

  app.get(
    '/customers/:id',
    { schema: { tags, summary: 'A customer with its contacts and open balance', params: IdParams, response: withErrors({ 200: CustomerDetailJson }) } },
    async (request) => customerDetailJson(await getCustomer(db, organisationIdOf(request), refFromPath(request.params.id))),
  );

  app.patch(
    '/customers/:id',
    { schema: { tags, summary: 'Change a customer', params: IdParams, body: CustomerPatchBody, response: withErrors({ 200: CustomerDetailJson }) } },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) =>
        customerDetailJson(await updateCustomer(trx, ctx.org.id, refFromPath(request.params.id), request.body, ctx)),
      ),
  );
}
