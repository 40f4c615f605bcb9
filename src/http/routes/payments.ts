import { createPayment, getPayment, listPayments, reversePayment } from '../../use-cases/payments.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { PageOf, pageRequest, pageResponse } from '../pagination.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import {
  PaymentCreateBody,
  PaymentDetailJson,
  PaymentJson,
  PaymentListQuery,
  PaymentReverseBody,
  paymentDetailJson,
  paymentJson,
} from '../schemas/payments.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['payments'];

export function paymentRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/payments',
    {
      schema: {
        tags,
        summary: 'Record a payment: to the named invoice first, the rest oldest first',
        headers: IdempotencyHeaders,
        body: PaymentCreateBody,
        response: withErrors({ 201: PaymentDetailJson }),
      },
    },
    (request, reply) => runWrite(db, request, reply, 201, async (trx, ctx) => paymentDetailJson(await createPayment(trx, ctx, request.body))),
  );

  app.get(
    '/payments',
    { schema: { tags, summary: 'List payments by date received', querystring: PaymentListQuery, response: withErrors({ 200: PageOf(PaymentJson) }) } },
    async (request) => {
      const q = request.query;
      const filters = { customer: q.customer === undefined ? undefined : refFromPath(q.customer), from: q.date_from, to: q.date_to, status: q.status };
      return pageResponse(await listPayments(db, contextOf(request), filters, pageRequest(q, ['date', 'text'])), paymentJson);
    },
  );

  app.get(
    '/payments/:id',
    { schema: { tags, summary: 'A payment with its allocations', params: IdParams, response: withErrors({ 200: PaymentDetailJson }) } },
    async (request) => paymentDetailJson(await getPayment(db, contextOf(request), refFromPath(request.params.id))),
  );

  app.post(
    '/payments/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse a payment (bounced, chargeback); its invoices reopen',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: PaymentReverseBody,
        response: withErrors({ 200: PaymentDetailJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => paymentDetailJson(await reversePayment(trx, ctx, refFromPath(request.params.id), request.body))),
  );
}
