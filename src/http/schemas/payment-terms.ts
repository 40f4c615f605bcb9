import { Type } from '@sinclair/typebox';
import type { AcknowledgementRow, PaymentTermsRow } from '../../use-cases/payment-terms/payment-terms.ts';
import { acknowledgementChannels } from '../../use-cases/payment-terms/payment-terms.ts';
import { StringEnum } from './common.ts';

const scopes = ['organisation', 'segment', 'customer'] as const;

const Bps = (description: string) => Type.Integer({ minimum: 0, maximum: 10000, description });

/** The payment-terms JSON of src/domain/payment-terms.ts; validatePaymentTerms and the legal caps check it again. */
const PaymentTermsRules = Type.Object(
  {
    netDays: Type.Integer({ minimum: 0, maximum: 365, description: 'days from issue to due date' }),
    graceDays: Type.Integer({ minimum: 0, maximum: 365, description: 'days after the due date with no late charge at all' }),
    earlyPaymentDiscount: Type.Optional(
      Type.Object(
        {
          bps: Bps('discount, basis points of the open amount'),
          daysBeforeDue: Type.Integer({ minimum: 0, description: 'paid at least this many days before the due date' }),
        },
        { additionalProperties: false },
      ),
    ),
    lateFee: Type.Optional(
      Type.Union([
        Type.Object({ kind: Type.Literal('percent'), bps: Bps('late fine, basis points of the open amount') }, { additionalProperties: false }),
        Type.Object(
          { kind: Type.Literal('fixed'), amountMinor: Type.Integer({ minimum: 0 }), currency: Type.String({ minLength: 3, maxLength: 3 }) },
          { additionalProperties: false },
        ),
      ]),
    ),
    interest: Type.Optional(
      Type.Object(
        { monthlyBps: Bps('simple interest a month, pro rata per day over 30'), basis: Type.Literal('simple_pro_rata_30') },
        { additionalProperties: false },
      ),
    ),
    statutoryB2B: Type.Optional(Type.Boolean({ description: 'Spain: the Ley 3/2004 B2B interest and EUR 40 instead of lateFee and interest' })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        netDays: 30,
        graceDays: 3,
        earlyPaymentDiscount: { bps: 200, daysBeforeDue: 5 },
        lateFee: { kind: 'percent', bps: 200 },
        interest: { monthlyBps: 100, basis: 'simple_pro_rata_30' },
      },
    ],
  },
);

export const PaymentTermsCreateBody = Type.Object(
  {
    scope: Type.Optional(
      StringEnum(scopes, { description: 'organisation (its default, the fallback for everyone), segment or customer; default organisation' }),
    ),
    segment: Type.Optional(Type.String({ minLength: 1, description: 'the segment, for segment terms' })),
    customer_external_id: Type.Optional(Type.String({ description: 'the customer (or customer_id), for customer terms' })),
    customer_id: Type.Optional(Type.String({ format: 'uuid' })),
    rules: PaymentTermsRules,
  },
  { additionalProperties: false },
);

export const PaymentTermsJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String({ description: '"default", "segment:<segment>" or "customer:<external id>"' }),
    version: Type.Integer(),
    scope: StringEnum(scopes),
    segment: Type.Union([Type.String(), Type.Null()]),
    customer_external_id: Type.Union([Type.String(), Type.Null()]),
    is_default: Type.Boolean(),
    rules: PaymentTermsRules,
    created_at: Type.String({ format: 'date-time' }),
  },
  { title: 'PaymentTerms' },
);

export const PaymentTermsListQuery = Type.Object({ scope: Type.Optional(StringEnum(scopes)) }, { additionalProperties: false });

export const AcknowledgementBody = Type.Object(
  {
    terms_id: Type.Optional(Type.String({ format: 'uuid', description: 'the version acknowledged; default: the terms that apply to the customer now' })),
    channel: StringEnum(acknowledgementChannels),
    acknowledged_at: Type.Optional(Type.String({ format: 'date-time', description: 'default: now' })),
    evidence_text: Type.Optional(Type.String({ maxLength: 20000, description: 'the text the customer accepted, or a note of how' })),
    evidence_reference: Type.Optional(Type.String({ maxLength: 500, description: 'signed contract no., portal session, message id …' })),
  },
  { additionalProperties: false },
);

export const AcknowledgementJson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    customer_external_id: Type.String(),
    terms_id: Type.String({ format: 'uuid' }),
    terms_name: Type.String(),
    terms_version: Type.Integer(),
    channel: Type.String(),
    acknowledged_at: Type.String({ format: 'date-time' }),
    evidence: Type.Object({ text: Type.Optional(Type.String()), reference: Type.Optional(Type.String()) }),
  },
  { title: 'PaymentTermsAcknowledgement' },
);

export function paymentTermsJson(t: PaymentTermsRow) {
  return { ...t, created_at: new Date(t.created_at).toISOString() };
}

export function acknowledgementJson(a: AcknowledgementRow) {
  return { ...a, acknowledged_at: a.acknowledged_at.toISOString() };
}
