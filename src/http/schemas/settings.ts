import { Type } from '@sinclair/typebox';
import { percentText } from '../../use-cases/escalation/agency-handoff.ts';
import type { EscalationSettings } from '../../use-cases/escalation/settings.ts';
import type { OrganisationPlanLimits } from '../../use-cases/payment-plans/plan-limits.ts';
import type { Organisation } from '../../db/schema.ts';
import type { ApiTokenView } from '../../use-cases/api-tokens.ts';
import { organisationCity } from '../../use-cases/organisations.ts';
import { escalationSteps } from '../../domain/jurisdiction.ts';
import { formatAmount } from '../../domain/money.ts';
import type { EcbRateRow } from '../../use-cases/jurisdiction/ecb-rates.ts';
import { DecimalString, IsoDate, MoneyJson, moneyJson, Nullable, Timestamp, timestampJson } from './common.ts';

const Percent = (description: string) => Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,2})?$', examples: ['10', '2.5'], description });

export const EscalationSettingsJson = Type.Object(
  {
    court_limit: { ...MoneyJson, description: 'small-claims court value limit: a packet above it is refused (default: Brazil JEC, 40 minimum wages)' },
    notice_days_by_state: Type.Record(Type.String(), Type.Integer(), { description: 'overrides of the prior-notice period per Brazilian state (UF → days)' }),
    default_notice_days: Type.Integer({ description: 'notice period of a state without an override' }),
    steps_by_country: Type.Record(Type.String(), Type.Array(Type.String({ enum: [...escalationSteps] })), {
      description:
        'escalation steps configured per debtor country (ISO 3166 alpha-2); a country not listed gets the default: bureau_listing, agency and court for BR, agency elsewhere',
    }),
  },
  { title: 'EscalationSettings' },
);

export const EscalationSettingsBody = Type.Object(
  {
    court_limit: Type.Optional(
      Type.Object({ amount: DecimalString(), currency: Type.String({ minLength: 3, maxLength: 3, examples: ['BRL'] }) }, { additionalProperties: false }),
    ),
    notice_days_by_state: Type.Optional(
      Type.Record(Type.String(), Type.Integer(), {
        description: 'replaces every override; {} returns all states to the default',
        examples: [{ SP: 10, RJ: 15 }],
      }),
    ),
    steps_by_country: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.String()), {
        description: 'replaces every country list; {} returns all countries to the default; [] turns every step off for that country',
        examples: [{ BR: ['bureau_listing', 'agency', 'court'], MX: ['agency', 'court'] }],
      }),
    ),
  },
  { additionalProperties: false, description: 'fields left out keep their value' },
);

export function escalationSettingsJson(s: EscalationSettings, defaultNoticeDays: number) {
  return {
    court_limit: moneyJson(s.courtLimitMinor, s.courtLimitCurrency),
    notice_days_by_state: s.noticeDaysByState,
    default_notice_days: defaultNoticeDays,
    steps_by_country: s.stepsByCountry,
  };
}

export const PlanLimitsJson = Type.Object(
  {
    max_instalments: Type.Integer(),
    min_instalment: {
      ...MoneyJson,
      description: "smallest instalment, in the organisation's currency (the same number of minor units applies to plans in other currencies)",
    },
    max_discount_percent: Percent('largest discount for paying the whole debt at once'),
    max_monthly_interest_percent: Percent('highest monthly interest a plan may carry'),
    min_down_payment_percent: Percent('smallest down payment, as a share of the debt'),
    tolerance_days: Type.Integer({ description: 'days an instalment may be late before the plan breaks' }),
  },
  { title: 'PlanLimits' },
);

export const PlanLimitsBody = Type.Object(
  {
    max_instalments: Type.Optional(Type.Integer()),
    min_instalment: Type.Optional(DecimalString()),
    max_discount_percent: Type.Optional(Percent('0 to 100')),
    max_monthly_interest_percent: Type.Optional(Percent('0 to 100')),
    min_down_payment_percent: Type.Optional(Percent('0 to 100')),
    tolerance_days: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false, description: 'fields left out keep their value' },
);

export function planLimitsJson(l: OrganisationPlanLimits, currency: string) {
  return {
    max_instalments: l.maxInstalments,
    min_instalment: moneyJson(l.minInstalmentMinor, currency),
    max_discount_percent: percentText(l.maxDiscountBps),
    max_monthly_interest_percent: percentText(l.maxMonthlyInterestBps),
    min_down_payment_percent: percentText(l.minDownPaymentBps),
    tolerance_days: l.toleranceDays,
  };
}

/** API field names of the plan limits, for errors raised with the use case's names. */
export const planLimitFields: Record<keyof OrganisationPlanLimits, string> = {
  maxInstalments: 'max_instalments',
  minInstalmentMinor: 'min_instalment',
  maxDiscountBps: 'max_discount_percent',
  maxMonthlyInterestBps: 'max_monthly_interest_percent',
  minDownPaymentBps: 'min_down_payment_percent',
  toleranceDays: 'tolerance_days',
};

const Cap = (what: string) =>
  Type.Object(
    {
      max: Type.Integer({ minimum: 1, description: `most ${what} in the period` }),
      per_days: Type.Integer({ minimum: 1, description: 'length of the rolling period, in days' }),
    },
    { additionalProperties: false },
  );

const ContactCapsSettingJson = Type.Object(
  {
    calls: Cap('call attempts'),
    emails: Cap('e-mails'),
    messaging_min_hours: Type.Number({ minimum: 0, description: 'minimum hours between two SMS or WhatsApp messages' }),
  },
  { additionalProperties: false, title: 'ContactCaps' },
);

export const ContactCapsJson = Type.Object(
  {
    by_country: Type.Record(Type.String(), ContactCapsSettingJson, {
      description: "the organisation's caps per debtor country (ISO 3166 code, or * for every other country)",
    }),
    effective: Type.Record(Type.String(), ContactCapsSettingJson, {
      description: 'what applies to debtors of these countries (and * for the rest): the configured caps, else the law of the country, else the defaults',
    }),
  },
  { title: 'ContactCapsSettings' },
);

export const ContactCapsBody = Type.Object(
  {
    by_country: Type.Record(Type.String(), Type.Union([ContactCapsSettingJson, Type.Null()]), {
      description: 'countries to set; null removes a country (back to its law or the defaults); countries left out keep their value',
      examples: [{ US: { calls: { max: 7, per_days: 7 }, emails: { max: 5, per_days: 7 }, messaging_min_hours: 48 } }],
    }),
  },
  { additionalProperties: false },
);

export const OrganisationJson = Type.Object(
  {
    slug: Type.String(),
    name: Type.String(),
    legal_name: Nullable(Type.String()),
    tax_id: Nullable(Type.String()),
    address: Nullable(Type.String()),
    city: Type.String({ description: "the city set with city, else the one read from the address: the Pix code's merchant city (EMV tag 60)" }),
    country: Type.String(),
    timezone: Type.String(),
    default_currency: Type.String(),
  },
  { title: 'Organisation' },
);

export const OrganisationBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    legal_name: Type.Optional(Type.String({ minLength: 1 })),
    tax_id: Type.Optional(Type.String({ minLength: 1 })),
    address: Type.Optional(Type.String({ minLength: 1 })),
    city: Type.Optional(Type.String({ minLength: 1, examples: ['São Paulo'] })),
    timezone: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false, description: 'the creditor identity printed on collection messages; fields left out keep their value' },
);

export function organisationJson(o: Organisation) {
  return {
    slug: o.slug,
    name: o.name,
    legal_name: o.legal_name,
    tax_id: o.tax_id,
    address: o.address,
    city: organisationCity(o),
    country: o.country,
    timezone: o.timezone,
    default_currency: o.default_currency,
  };
}

export const ApiTokenJson = Type.Object(
  { id: Type.String({ format: 'uuid' }), name: Type.String(), created_at: Timestamp(), last_used_at: Nullable(Timestamp()), revoked_at: Nullable(Timestamp()) },
  { title: 'ApiToken' },
);

export function apiTokenJson(t: ApiTokenView) {
  return {
    id: t.id,
    name: t.name,
    created_at: timestampJson(t.created_at),
    last_used_at: t.last_used_at ? timestampJson(t.last_used_at) : null,
    revoked_at: t.revoked_at ? timestampJson(t.revoked_at) : null,
  };
}

export const EcbRateBody = Type.Object(
  {
    effective_from: IsoDate({ description: 'the day the ECB main refinancing rate took effect' }),
    rate_percent: Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,2})?$', examples: ['2.15'], description: 'the rate in percent a year' }),
  },
  { additionalProperties: false },
);

export const EcbRateJson = Type.Object(
  {
    effective_from: IsoDate(),
    rate_percent: Type.String({ examples: ['2.15'] }),
    source: Type.String({ enum: ['shipped', 'organisation'], description: 'shipped with Régua, or added by the organisation' }),
  },
  { title: 'EcbReferenceRate' },
);

/** 215 → '2.15'. */
export function ecbRateJson(r: EcbRateRow) {
  return { effective_from: r.effective_from, rate_percent: formatAmount(r.rate_bps, 'EUR'), source: r.source };
}
