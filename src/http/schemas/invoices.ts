import { Type } from '@sinclair/typebox';
import type { InvoiceStatus } from '../../db/schema.ts';
import type { InvoiceDetail, InvoiceRow } from '../../use-cases/invoices.ts';
import { PageQuery } from '../pagination.ts';
import { DecimalString, DescriptionText, NameText, IsoDate, MoneyJson, moneyJson, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

const statuses = ['open', 'paid', 'void', 'written_off'] as const satisfies readonly InvoiceStatus[];

/** The fields of an invoices.csv row; the customer by external id or by uuid. */
export const InvoiceCreateBody = Type.Object(
  {
    external_id: NameText({ description: 'the id in your own system; unique' }),
    customer_external_id: Type.Optional(Type.String({ description: 'the customer (or customer_id)' })),
    customer_id: Type.Optional(Type.String({ format: 'uuid' })),
    number: Type.Optional(NameText({ description: 'printed number; default: external_id' })),
    issue_date: IsoDate(),
    due_date: IsoDate(),
    amount: DecimalString(),
    currency: Type.String({ examples: ['BRL'] }),
    description: Type.Optional(DescriptionText()),
  },
  { additionalProperties: false },
);

export const InvoicePatchBody = Type.Object(
  {
    due_date: Type.Optional(IsoDate()),
    description: Type.Optional(Nullable(DescriptionText())),
    amount: Type.Optional(DecimalString({ description: 'not below what was already paid' })),
    date: Type.Optional(IsoDate({ description: 'business date a new amount or due date takes effect; default: today in the organisation time zone' })),
  },
  { additionalProperties: false },
);

export const InvoiceVoidBody = Type.Object(
  {
    date: Type.Optional(IsoDate({ description: 'void from this date on; default: today in the organisation time zone' })),
    reason: Type.Optional(DescriptionText()),
  },
  { additionalProperties: false },
);

export const InvoiceListQuery = Type.Object(
  {
    customer: Type.Optional(Type.String({ description: 'customer uuid, or ext:<external_id>' })),
    status: Type.Optional(StringEnum(statuses)),
    currency: Type.Optional(Type.String()),
    due_before: Type.Optional(IsoDate({ description: 'due strictly before' })),
    due_after: Type.Optional(IsoDate({ description: 'due strictly after' })),
    overdue_as_of: Type.Optional(IsoDate({ description: 'open and due before this date' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const invoiceProperties = {
  id: Type.String({ format: 'uuid' }),
  external_id: Type.String(),
  number: Type.String(),
  customer_id: Type.String({ format: 'uuid' }),
  customer_external_id: Type.String(),
  issue_date: IsoDate(),
  due_date: IsoDate(),
  amount: MoneyJson,
  paid: MoneyJson,
  open: { ...MoneyJson, description: 'amount not yet paid; zero when void or written off' },
  status: StringEnum(statuses),
  description: Nullable(Type.String()),
  voided_on: Nullable(IsoDate()),
  written_off_on: Nullable(IsoDate()),
  created_at: Timestamp(),
  updated_at: Timestamp(),
};

export const InvoiceJson = Type.Object(invoiceProperties, { title: 'Invoice' });

export const InvoiceDetailJson = Type.Object(
  {
    ...invoiceProperties,
    allocations: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        payment_id: Type.String({ format: 'uuid' }),
        payment_external_id: Type.String(),
        amount: MoneyJson,
        allocated_on: IsoDate(),
        reversed_on: Nullable(IsoDate({ description: 'the payment was reversed; the allocation no longer counts from this date' })),
      }),
    ),
  },
  { title: 'InvoiceDetail' },
);

export function invoiceJson(i: InvoiceRow) {
  return {
    id: i.id,
    external_id: i.external_id,
    number: i.number,
    customer_id: i.customer_id,
    customer_external_id: i.customer_external_id,
    issue_date: i.issue_date,
    due_date: i.due_date,
    amount: moneyJson(i.amount_minor, i.currency),
    paid: moneyJson(i.paid_minor, i.currency),
    open: moneyJson(i.status === 'open' ? i.amount_minor - i.paid_minor : 0, i.currency),
    status: i.status,
    description: i.description,
    voided_on: i.voided_on,
    written_off_on: i.written_off_on,
    created_at: timestampJson(i.created_at),
    updated_at: timestampJson(i.updated_at),
  };
}

export function invoiceDetailJson(i: InvoiceDetail) {
  return {
    ...invoiceJson(i),
    allocations: i.allocations.map((a) => ({
      id: a.id,
      payment_id: a.payment_id,
      payment_external_id: a.payment_external_id,
      amount: moneyJson(a.amount_minor, i.currency),
      allocated_on: a.allocated_on,
      reversed_on: a.reversed_on,
    })),
  };
}
