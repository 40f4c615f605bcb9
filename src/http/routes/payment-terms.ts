import { Type } from '@sinclair/typebox';
import { findCustomer } from '../../use-cases/customers.ts';
import { acknowledgeTerms, createPaymentTerms, listPaymentTerms } from '../../use-cases/payment-terms/payment-terms.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import {
  AcknowledgementBody,
  AcknowledgementJson,
  acknowledgementJson,
  PaymentTermsCreateBody,
  PaymentTermsJson,
  paymentTermsJson,
  PaymentTermsListQuery,
} from '../schemas/payment-terms.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['payment terms'];

/** Versioned payment terms (net days, grace, discount, fine, interest) and customers' acknowledgements of them. */
export function paymentTermsRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/payment-terms',
    {
      schema: {
        tags,
        summary: 'Save payment terms for the organisation (its default), a segment or a customer, as their next version',
        headers: IdempotencyHeaders,
        body: PaymentTermsCreateBody,
        response: withErrors({ 201: PaymentTermsJson }),
      },
    },
    (request, reply) => runWrite(db, request, reply, 201, async (trx, ctx) => paymentTermsJson(await createPaymentTerms(trx, ctx, request.body))),
  );

  app.get(
    '/payment-terms',
    {
      schema: {
        tags,
        summary: 'Every version of the payment terms, newest first',
        querystring: PaymentTermsListQuery,
        response: withErrors({ 200: Type.Object({ data: Type.Array(PaymentTermsJson) }) }),
      },
    },
    async (request) => ({ data: (await listPaymentTerms(db, contextOf(request), request.query)).map(paymentTermsJson) }),
  );

  app.post(
    '/customers/:id/payment-terms/acknowledgements',
    {
      schema: {
        tags,
        summary: "Record a customer's acknowledgement of the payment terms (version, time, channel, evidence); written to the contact record",
        params: IdParams,
        headers: IdempotencyHeaders,
        body: AcknowledgementBody,
        response: withErrors({ 201: AcknowledgementJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => {
        const customer = await findCustomer(trx, ctx.org.id, refFromPath(request.params.id));
        return acknowledgementJson(await acknowledgeTerms(trx, ctx, { ...request.body, customer_id: customer.id }));
      }),
  );
}
