import { cancelPaymentPlan } from '../../use-cases/payment-plans/cancel-payment-plan.ts';
import { createPaymentPlan } from '../../use-cases/payment-plans/create-payment-plan.ts';
import { getPaymentPlan, listCustomerPaymentPlans } from '../../use-cases/payment-plans/get-payment-plan.ts';
import { payInFullOffers } from '../../use-cases/payment-plans/pay-in-full-offer.ts';
import { acceptSettlementOffer, settlementOffers } from '../../use-cases/payment-plans/settlement-offers.ts';
import { businessDateOf } from '../../use-cases/org-context.ts';
import { contextOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { IdempotencyHeaders, IdParams, refFromPath } from '../schemas/common.ts';
import {
  OfferAcceptBody,
  OfferListQuery,
  SettlementOfferJson,
  SettlementOfferListJson,
  OfferQuery,
  PayInFullOfferJson,
  PaymentPlanJson,
  PaymentPlanListJson,
  PlanCancelBody,
  PlanCreateBody,
  PlanQuery,
  payInFullOfferJson,
  paymentPlanJson,
} from '../schemas/payment-plans.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['payment plans'];

/** Routes for payment plans (registered in server.ts under /api/v1). */
export function paymentPlansRoutes(app: Api, { db }: ApiDeps): void {
  app.post(
    '/customers/:id/payment-plans',
    {
      schema: {
        tags,
        summary: 'Make a payment plan over open invoices (crystallises late charges once)',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: PlanCreateBody,
        response: withErrors({ 201: PaymentPlanJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) => {
        const b = request.body;
        const { planId } = await createPaymentPlan(
          trx,
          ctx.org.id,
          refFromPath(request.params.id),
          {
            instalments: b.instalments,
            frequency: b.frequency,
            ...(b.invoice_ids !== undefined && { invoiceIds: b.invoice_ids }),
            ...(b.down_payment !== undefined && { downPayment: b.down_payment }),
            ...(b.monthly_interest_bps !== undefined && { monthlyInterestBps: b.monthly_interest_bps }),
            ...(b.start_date !== undefined && { startDate: b.start_date }),
          },
          ctx,
        );
        return paymentPlanJson(await getPaymentPlan(trx, ctx, planId));
      }),
  );

  app.get(
    '/customers/:id/payment-plans',
    {
      schema: {
        tags,
        summary: "A customer's payment plans, newest first",
        params: IdParams,
        querystring: PlanQuery,
        response: withErrors({ 200: PaymentPlanListJson }),
      },
    },
    async (request) => {
      const plans = await listCustomerPaymentPlans(db, contextOf(request), refFromPath(request.params.id), {
        ...(request.query.as_of && { asOf: request.query.as_of }),
      });
      return { items: plans.map(paymentPlanJson) };
    },
  );

  app.get(
    '/customers/:id/pay-in-full-offer',
    {
      schema: {
        tags,
        summary: 'The discount for paying the open debt at once, within the business limits',
        params: IdParams,
        querystring: OfferQuery,
        response: withErrors({ 200: PayInFullOfferJson }),
      },
    },
    async (request) => {
      const ref = refFromPath(request.params.id);
      const rows = await payInFullOffers(db, contextOf(request), ref, request.query.discount_bps);
      return payInFullOfferJson('id' in ref ? ref.id : `ext:${ref.externalId}`, rows);
    },
  );

  app.post(
    '/customers/:id/pay-in-full-offer/acceptances',
    {
      schema: {
        tags,
        summary: 'The customer accepts the pay-in-full offer: recorded, the cadence paused until it expires, a payment of its amount settles the invoices',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: OfferAcceptBody,
        response: withErrors({ 201: SettlementOfferJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, (trx, ctx) => {
        const b = request.body;
        return acceptSettlementOffer(trx, ctx, refFromPath(request.params.id), {
          ...(b.discount_bps !== undefined && { discountBps: b.discount_bps }),
          ...(b.valid_days !== undefined && { validDays: b.valid_days }),
          ...(b.currency !== undefined && { currency: b.currency }),
          ...(b.as_of !== undefined && { asOf: b.as_of }),
        });
      }),
  );

  app.get(
    '/customers/:id/pay-in-full-offer/acceptances',
    {
      schema: {
        tags,
        summary: "The customer's accepted offers, newest first, with their state (accepted, fulfilled, lapsed)",
        params: IdParams,
        querystring: OfferListQuery,
        response: withErrors({ 200: SettlementOfferListJson }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const asOf = request.query.as_of ?? businessDateOf(ctx);
      return { data: await settlementOffers(db, ctx, refFromPath(request.params.id), asOf) };
    },
  );

  app.get(
    '/payment-plans/:id',
    {
      schema: {
        tags,
        summary: 'A payment plan with its parts, covered invoices and standing',
        params: IdParams,
        querystring: PlanQuery,
        response: withErrors({ 200: PaymentPlanJson }),
      },
    },
    async (request) =>
      paymentPlanJson(await getPaymentPlan(db, contextOf(request), request.params.id, { ...(request.query.as_of && { asOf: request.query.as_of }) })),
  );

  app.post(
    '/payment-plans/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an active plan: unpaid parts voided, what was paid applied to the covered invoices',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: PlanCancelBody,
        response: withErrors({ 200: PaymentPlanJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 200, async (trx, ctx) => {
        await cancelPaymentPlan(trx, ctx.org.id, request.params.id, { ...(request.body.reason !== undefined && { reason: request.body.reason }) }, ctx);
        return paymentPlanJson(await getPaymentPlan(trx, ctx, request.params.id));
      }),
  );
}
