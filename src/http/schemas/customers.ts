import { Type } from '@sinclair/typebox';
import type { Customer, CustomerStatus } from '../../db/schema.ts';
import { countryCurrency, supportedLanguages } from '../../domain/customer.ts';
import { riskBands } from '../../domain/insight/risk/score.ts';
import { isTier, isTierReason, tierName, tierReasonText, tiers } from '../../domain/insight/tiers.ts';
import type { CustomerDetail } from '../../use-cases/customers.ts';
import { PageQuery } from '../pagination.ts';
import { ContactJson, contactJson } from './contacts.ts';
import { DecimalString, IsoDate, MoneyJson, moneyJson, NameText, Nullable, StringEnum, Timestamp, timestampJson } from './common.ts';

const customerStatuses = ['active', 'paused', 'with_agency', 'in_court', 'bankrupt', 'closed'] as const satisfies readonly CustomerStatus[];

const optionalText = (description?: string) => Type.Optional(NameText(description ? { description } : {}));

/** The fields of a customers.csv row; validated like the import (tax id check digits, E.164 phones). */
export const CustomerCreateBody = Type.Object(
  {
    external_id: NameText({ description: 'the id in your own system; unique' }),
    name: NameText(),
    tax_id: optionalText('CPF/CNPJ, RFC, NIF/NIE, EIN …; validated for the country'),
    email: optionalText('becomes a billing contact'),
    phone: optionalText('becomes a billing contact'),
    whatsapp: optionalText('becomes a billing contact'),
    language: optionalText(`${supportedLanguages.join(', ')}; default from the country`),
    timezone: optionalText('IANA time zone; default from the country'),
    country: Type.String({ description: 'ISO 3166 two-letter code', examples: ['BR'] }),
    segment: optionalText(),
    credit_limit: Type.Optional(DecimalString({ description: "decimal in the country's currency" })),
    cadence_policy_name: Type.Optional(
      Nullable(NameText({ description: "the customer's own cadence policy (a saved policy's name); default: its segment's, else the default policy" })),
    ),
  },
  { additionalProperties: false },
);

export const CustomerPatchBody = Type.Object(
  {
    name: Type.Optional(NameText()),
    tax_id: Type.Optional(Nullable(NameText())),
    segment: Type.Optional(Nullable(NameText())),
    language: optionalText(supportedLanguages.join(', ')),
    timezone: optionalText('IANA time zone'),
    credit_limit: Type.Optional(Nullable(DecimalString())),
    status: Type.Optional(StringEnum(customerStatuses)),
    paused_until: Type.Optional(Nullable(IsoDate({ description: 'collection paused until this date' }))),
    cadence_policy_name: Type.Optional(
      Nullable(NameText({ description: "the customer's own cadence policy (a saved policy's name); null: back to its segment's or the default" })),
    ),
  },
  { additionalProperties: false },
);

export const CustomerListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ description: 'prefix of the name (or a word of it), external id or tax id' })),
    country: Type.Optional(Type.String()),
    segment: Type.Optional(Type.String()),
    status: Type.Optional(StringEnum(customerStatuses)),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const customerProperties = {
  id: Type.String({ format: 'uuid' }),
  external_id: Type.String(),
  name: Type.String(),
  tax_id: Nullable(Type.String()),
  tax_id_kind: Nullable(Type.String()),
  party_type: StringEnum(['business', 'consumer']),
  country: Type.String(),
  language: Type.String(),
  timezone: Type.String(),
  segment: Nullable(Type.String()),
  credit_limit: Nullable(MoneyJson),
  status: StringEnum(customerStatuses),
  paused_until: Nullable(IsoDate()),
  cadence_policy_name: Nullable(Type.String({ description: "the customer's own cadence policy; null: its segment's or the default" })),
  created_at: Timestamp(),
  updated_at: Timestamp(),
  tier: Nullable(
    Type.Object(
      {
        code: StringEnum(tiers, { description: 'gold, silver, standard or watch: punctuality over the last 365 days, demoted on delinquency' }),
        names: Type.Record(Type.String(), Type.String(), { description: 'the name per language (pt-BR, es, en)' }),
        reason: Type.String({ description: 'machine-readable reason, e.g. punctual, overdue_over_30, promise_broken' }),
        reason_text: Type.Record(Type.String(), Type.String(), { description: 'the reason per language' }),
        since: IsoDate(),
      },
      { description: 'null until the daily run or regua risk train has computed it' },
    ),
  ),
  risk: Nullable(
    Type.Object(
      {
        probability: Type.Number({ description: 'probability that an open invoice is paid more than 30 days late' }),
        band: Type.String({ description: 'low (< 15 %), medium (< 35 %) or high', examples: riskBands }),
        reasons: Type.Record(Type.String(), Type.Array(Type.String()), { description: 'the top reasons per language (pt-BR, es, en)' }),
        model_version: Type.Integer({ description: 'the risk model version (GET /api/v1/risk/model)' }),
        scored_on: IsoDate(),
      },
      { description: 'null until the daily run or regua risk train has scored the customer' },
    ),
  ),
};

export const CustomerJson = Type.Object(customerProperties, { title: 'Customer' });

export const CustomerDetailJson = Type.Object(
  {
    ...customerProperties,
    contacts: Type.Array(ContactJson),
    open_balance: Type.Array(MoneyJson, { description: 'open amount of the open invoices, one entry per currency' }),
  },
  { title: 'CustomerDetail' },
);

export function customerJson(c: Customer) {
  return {
    id: c.id,
    external_id: c.external_id,
    name: c.name,
    tax_id: c.tax_id,
    tax_id_kind: c.tax_id_kind,
    party_type: c.party_type,
    country: c.country,
    language: c.language,
    timezone: c.timezone,
    segment: c.segment,
    // The credit limit has no currency column: it is in the currency of the customer's country.
    credit_limit: c.credit_limit_minor === null ? null : moneyJson(c.credit_limit_minor, countryCurrency(c.country)),
    status: c.status,
    paused_until: c.paused_until,
    cadence_policy_name: c.cadence_policy_name,
    created_at: timestampJson(c.created_at),
    updated_at: timestampJson(c.updated_at),
    tier: tierJson(c),
    risk:
      c.risk_probability === null || c.risk_band === null || c.risk_model_version === null || c.risk_scored_on === null
        ? null
        : {
            probability: c.risk_probability,
            band: c.risk_band,
            reasons: c.risk_reasons ?? {},
            model_version: c.risk_model_version,
            scored_on: c.risk_scored_on,
          },
  };
}

export function customerDetailJson(c: CustomerDetail) {
  return { ...customerJson(c), contacts: c.contacts.map(contactJson), open_balance: c.openBalances.map((b) => moneyJson(b.amountMinor, b.currency)) };
}

const languages = ['pt-BR', 'es', 'en'] as const;

function tierJson(c: Customer) {
  const { tier, tier_reason: reason, tier_since: since } = c;
  if (!isTier(tier) || !isTierReason(reason) || since === null) return null;
  return {
    code: tier,
    names: Object.fromEntries(languages.map((l) => [l, tierName(tier, l)])),
    reason,
    reason_text: Object.fromEntries(languages.map((l) => [l, tierReasonText(reason, l)])),
    since,
  };
}
