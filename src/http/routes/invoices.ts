import { dateInZone } from '../../domain/dates.ts';
import { createInvoice, getInvoice, listInvoices, updateInvoice, voidInvoice } from '../../use-cases/invoices.ts';
import { organisationIdOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import {
  InvoiceCreateBody,
  InvoiceDetailJson,
  InvoiceJson,
  InvoiceListQuery,
  InvoicePatchBody,
  InvoiceVoidBody,
  invoiceDetailJson,
  invoiceJson,
} from '../schemas/invoices.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['invoices'];

export function invoiceRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/invoices',
    { schema: { tags, summary: 'Create an invoice', headers: IdempotencyHeaders, body: InvoiceCreateBody, response: withErrors({ 201: InvoiceDetailJson }) } },
    (request, reply) => runWrite(db, request, reply, 201, async (trx, ctx) => invoiceDetailJson(await createInvoice(trx, ctx.org.id, request.body, ctx))),
  );

  app.get(
    '/invoices',
    { schema: { tags, summary: 'List invoices by due date', querystring: InvoiceListQuery, response: withErrors({ 200: PageOf(InvoiceJson) }) } },
    async (request) => {
      const q = request.query;
      const filters = {
        customer: q.customer === undefined ? undefined : refFromPath(q.customer),
        status: q.status,
        currency: q.currency,
        dueBefore: q.due_before,
        dueAfter: q.due_after,
        overdueAsOf: q.overdue_as_of,
      };
      return pageResponse(await listInvoices(db, organisationIdOf(request), filters, pageRequest(q, ['date', 'text'])), invoiceJson);
    },
  );

  app.get(
    '/invoices/:id',
    { schema: { tags, summary: 'An invoice with its allocations', params: IdParams, response: withErrors({ 200: InvoiceDetailJson }) } },
    async (request) => invoiceDetailJson(await getInvoice(db, organisationIdOf(request), refFromPath(request.params.id))),
  );

  app.patch(
    '/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Change due date, description or amount',
        params: IdParams,
        body: InvoicePatchBody,
        response: withErrors({ 200: InvoiceDetailJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) =>
        invoiceDetailJson(await updateInvoice(trx, ctx.org.id, refFromPath(request.params.id), request.body, ctx)),
      ),
  );

  app.post(
    '/invoices/:id/void',
    {
      schema: {
        tags,
        summary: 'Void an invoice',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: InvoiceVoidBody,
        response: withErrors({ 200: InvoiceDetailJson }),
      },
    },
    (request, reply) => {
      const organisation = principalOf(request).organisation;
      const input = { date: request.body.date ?? dateInZone(new Date(), organisation.timezone), reason: request.body.reason };
      return runWrite(db, request, reply, 200, async (trx, ctx) =>
        invoiceDetailJson(await voidInvoice(trx, ctx.org.id, refFromPath(request.params.id), input, ctx)),
      );
    },
  );
}
