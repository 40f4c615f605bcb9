import { Type } from '@sinclair/typebox';
import type { PaymentDetail, PaymentRow } from '../../use-cases/payments.ts';
import { PageQuery } from '../pagination.ts';
import { DecimalString, DescriptionText, NameText, IsoDate, MoneyJson, moneyJson, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

const statuses = ['posted', 'reversed'] as const;

/** The fields of a payments.csv row; customer and invoice by external id or by uuid. */
export const PaymentCreateBody = Type.Object(
  {
    external_id: NameText({ description: 'the id in your own system; unique' }),
    customer_external_id: Type.Optional(Type.String({ description: 'the customer (or customer_id)' })),
    customer_id: Type.Optional(Type.String({ format: 'uuid' })),
    invoice_external_id: Type.Optional(Type.String({ description: 'the invoice the payer named; the rest goes oldest first' })),
    invoice_id: Type.Optional(Type.String({ format: 'uuid' })),
    date: IsoDate({ description: 'date received' }),
    amount: DecimalString(),
    currency: Type.String({ examples: ['BRL'] }),
    method: Type.Optional(NameText({ examples: ['pix', 'boleto', 'transfer'] })),
    reference: Type.Optional(NameText()),
  },
  { additionalProperties: false },
);

export const PaymentReverseBody = Type.Object(
  { date: IsoDate({ description: 'the allocations stop counting from this date' }), reason: Type.Optional(DescriptionText()) },
  { additionalProperties: false },
);

export const PaymentListQuery = Type.Object(
  {
    customer: Type.Optional(Type.String({ description: 'customer uuid, or ext:<external_id>' })),
    date_from: Type.Optional(IsoDate({ description: 'received on or after' })),
    date_to: Type.Optional(IsoDate({ description: 'received on or before' })),
    status: Type.Optional(StringEnum(statuses)),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const paymentProperties = {
  id: Type.String({ format: 'uuid' }),
  external_id: Type.String(),
  customer_id: Type.String({ format: 'uuid' }),
  customer_external_id: Type.String(),
  date: IsoDate(),
  amount: MoneyJson,
  allocated: MoneyJson,
  unallocated: { ...MoneyJson, description: 'credit left on the payment' },
  method: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  target_invoice_id: Nullable(Type.String({ format: 'uuid' })),
  status: StringEnum(statuses),
  reversed_on: Nullable(IsoDate()),
  created_at: Timestamp(),
};

export const PaymentJson = Type.Object(paymentProperties, { title: 'Payment' });

export const PaymentDetailJson = Type.Object(
  {
    ...paymentProperties,
    allocations: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        invoice_id: Type.String({ format: 'uuid' }),
        invoice_external_id: Type.String(),
        amount: MoneyJson,
        allocated_on: IsoDate(),
        reversed_on: Nullable(IsoDate()),
      }),
    ),
  },
  { title: 'PaymentDetail' },
);

export function paymentJson(p: PaymentRow) {
  return {
    id: p.id,
    external_id: p.external_id,
    customer_id: p.customer_id,
    customer_external_id: p.customer_external_id,
    date: p.received_on,
    amount: moneyJson(p.amount_minor, p.currency),
    allocated: moneyJson(p.allocated_minor, p.currency),
    unallocated: moneyJson(p.status === 'posted' ? p.amount_minor - p.allocated_minor : 0, p.currency),
    method: p.method,
    reference: p.reference,
    target_invoice_id: p.target_invoice_id,
    status: p.status,
    reversed_on: p.reversed_on,
    created_at: timestampJson(p.created_at),
  };
}

export function paymentDetailJson(p: PaymentDetail) {
  return {
    ...paymentJson(p),
    allocations: p.allocations.map((a) => ({
      id: a.id,
      invoice_id: a.invoice_id,
      invoice_external_id: a.invoice_external_id,
      amount: moneyJson(a.amount_minor, p.currency),
      allocated_on: a.allocated_on,
      reversed_on: a.reversed_on,
    })),
  };
}
