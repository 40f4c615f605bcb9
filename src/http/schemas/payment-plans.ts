import { Type } from '@sinclair/typebox';
import type { PayInFullOfferRow } from '../../use-cases/payment-plans/pay-in-full-offer.ts';
import type { PaymentPlanDetail } from '../../use-cases/payment-plans/get-payment-plan.ts';
import { DecimalString, DescriptionText, IsoDate, MoneyJson, moneyJson, Nullable, StringEnum } from './common.ts';

const frequencies = ['weekly', 'biweekly', 'monthly'] as const;
const statuses = ['active', 'completed', 'broken', 'cancelled'] as const;
const standings = ['good_standing', 'late', 'broken', 'completed', 'cancelled'] as const;

export const PlanCreateBody = Type.Object(
  {
    invoice_ids: Type.Optional(
      Type.Array(Type.String(), {
        minItems: 1,
        description: 'invoice uuids or external ids, one currency; default: every overdue open invoice not already in a plan',
      }),
    ),
    down_payment: Type.Optional(DecimalString({ description: 'due on start_date; default 0' })),
    instalments: Type.Integer({ minimum: 1 }),
    frequency: StringEnum(frequencies),
    monthly_interest_bps: Type.Optional(Type.Integer({ minimum: 0, description: 'Price-table interest a month, basis points; default 0' })),
    start_date: Type.Optional(IsoDate({ description: 'the down payment is due on it, instalment k k periods later; default: today' })),
  },
  { additionalProperties: false },
);

export const PlanCancelBody = Type.Object({ reason: Type.Optional(DescriptionText()) }, { additionalProperties: false });

export const PlanQuery = Type.Object(
  { as_of: Type.Optional(IsoDate({ description: 'standing as of this date; default: today' })) },
  { additionalProperties: false },
);

export const OfferQuery = Type.Object(
  { discount_bps: Type.Optional(Type.Integer({ minimum: 0, description: 'asked discount, capped at the business maximum; default: that maximum' })) },
  { additionalProperties: false },
);

export const PaymentPlanJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    reference: Type.String({ description: 'PLAN-<short id>, the prefix of its receivables' }),
    customer_id: Type.String({ format: 'uuid' }),
    customer_external_id: Type.String(),
    status: StringEnum(statuses),
    standing: StringEnum(standings),
    as_of: IsoDate(),
    currency: Type.String(),
    frequency: StringEnum(frequencies),
    instalments: Type.Integer(),
    monthly_interest_bps: Type.Integer(),
    start_date: IsoDate(),
    created_on: IsoDate(),
    closed_on: Nullable(IsoDate()),
    tolerance_days: Type.Integer(),
    debt: { ...MoneyJson, description: 'open amount of the covered invoices + crystallised charges' },
    charges: MoneyJson,
    down_payment: MoneyJson,
    interest: MoneyJson,
    total: { ...MoneyJson, description: 'down payment + every instalment' },
    parts: Type.Array(
      Type.Object({
        number: Type.Integer({ description: '0 = down payment' }),
        invoice_id: Type.String({ format: 'uuid' }),
        external_id: Type.String(),
        due_date: IsoDate(),
        amount: MoneyJson,
        paid: MoneyJson,
        status: Type.String(),
      }),
    ),
    covered_invoices: Type.Array(
      Type.Object({
        invoice_id: Type.String({ format: 'uuid' }),
        external_id: Type.String(),
        due_date: IsoDate(),
        open_at_start: MoneyJson,
        charges: MoneyJson,
        status: Type.String(),
      }),
    ),
  },
  { title: 'PaymentPlan' },
);

export const PaymentPlanListJson = Type.Object({ items: Type.Array(PaymentPlanJson) });

export const PayInFullOfferJson = Type.Object(
  {
    customer_id: Type.String(),
    offers: Type.Array(
      Type.Object({
        open: MoneyJson,
        discount_bps: Type.Integer(),
        discount: MoneyJson,
        amount: { ...MoneyJson, description: 'what paying everything at once costs' },
      }),
    ),
  },
  { title: 'PayInFullOffer' },
);

export function paymentPlanJson(d: PaymentPlanDetail) {
  const { plan } = d;
  const money = (minor: number) => moneyJson(minor, plan.currency);
  return {
    id: plan.id,
    reference: `PLAN-${plan.short_id}`,
    customer_id: plan.customer_id,
    customer_external_id: d.customerExternalId,
    status: plan.status,
    standing: d.standing,
    as_of: d.asOf,
    currency: plan.currency,
    frequency: plan.frequency,
    instalments: plan.instalment_count,
    monthly_interest_bps: plan.monthly_interest_bps,
    start_date: plan.start_date,
    created_on: plan.created_on,
    closed_on: plan.closed_on,
    tolerance_days: plan.tolerance_days,
    debt: money(plan.debt_minor),
    charges: money(plan.charges_minor),
    down_payment: money(plan.down_payment_minor),
    interest: money(plan.interest_minor),
    total: money(plan.total_minor),
    parts: d.parts.map((p) => ({
      number: p.number,
      invoice_id: p.invoice_id,
      external_id: p.external_id,
      due_date: p.due_date,
      amount: money(p.amount_minor),
      paid: money(p.paid_minor),
      status: p.status,
    })),
    covered_invoices: d.covered.map((c) => ({
      invoice_id: c.invoice_id,
      external_id: c.external_id,
      due_date: c.due_date,
      open_at_start: money(c.open_minor_at_start),
      charges: money(c.charges_minor),
      status: c.status,
    })),
  };
}

export function payInFullOfferJson(customerId: string, rows: readonly PayInFullOfferRow[]) {
  return {
    customer_id: customerId,
    offers: rows.map((r) => ({
      open: moneyJson(r.openMinor, r.currency),
      discount_bps: r.discountBps,
      discount: moneyJson(r.discountMinor, r.currency),
      amount: moneyJson(r.amountMinor, r.currency),
    })),
  };
}

export const OfferAcceptBody = Type.Object(
  {
    discount_bps: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: 'asked discount, capped at the business maximum; default: that maximum' }),
    ),
    valid_days: Type.Optional(Type.Integer({ minimum: 0, maximum: 90, description: 'days the offer holds after the acceptance date (default 7)' })),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, description: "default: the organisation's default currency" })),
    as_of: Type.Optional(IsoDate()),
  },
  { additionalProperties: false },
);

export const OfferListQuery = Type.Object({ as_of: Type.Optional(IsoDate()) }, { additionalProperties: false });

export const SettlementOfferJson = Type.Object({
  id: Type.String(),
  customer_external_id: Type.String(),
  currency: Type.String(),
  open: DecimalString(),
  discount_bps: Type.Integer(),
  discount: DecimalString(),
  amount: DecimalString({ description: 'what paying by valid_until settles the covered invoices for' }),
  accepted_on: IsoDate(),
  valid_until: IsoDate(),
  accepted_by: Type.String(),
  state: StringEnum(['accepted', 'fulfilled', 'lapsed'] as const),
  fulfilled_on: Nullable(IsoDate()),
  promise_id: Type.String(),
  invoices: Type.Array(Type.Object({ id: Type.String(), external_id: Type.String(), open: DecimalString(), discount: DecimalString() })),
});

export const SettlementOfferListJson = Type.Object({ data: Type.Array(SettlementOfferJson) });
