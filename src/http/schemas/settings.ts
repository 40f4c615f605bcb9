import { Type } from '@sinclair/typebox';
import { percentText } from '../../use-cases/escalation/agency-handoff.ts';
import type { EscalationSettings } from '../../use-cases/escalation/settings.ts';
import type { OrganisationPlanLimits } from '../../use-cases/payment-plans/plan-limits.ts';
import { escalationSteps } from '../../domain/jurisdiction.ts';
import { formatAmount } from '../../domain/money.ts';
import type { EcbRateRow } from '../../use-cases/jurisdiction/ecb-rates.ts';
import { DecimalString, IsoDate, MoneyJson, moneyJson } from './common.ts';

const Percent = (description: string) => Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,2})?$', examples: ['10', '2.5'], description });

export const EscalationSettingsJson = Type.Object(
  {
    court_limit: { ...MoneyJson, description: 'small-claims court value limit: a packet above it is refused (default: Brazil JEC, 40 minimum wages)' },
    notice_days_by_state: Type.Record(Type.String(), Type.Integer(), { description: 'overrides of the prior-notice period per Brazilian state (UF → days)' }),
    default_notice_days: Type.Integer({ description: 'notice period of a state without an override' }),
    steps_by_country: Type.Record(Type.String(), Type.Array(Type.String({ enum: [...escalationSteps] })), {
      description: 'escalation steps configured per debtor country (ISO 3166 alpha-2); a country not listed gets the default: bureau_listing, agency and court for BR, agency elsewhere',
    }),
  },
  { title: 'EscalationSettings' },
);

export const EscalationSettingsBody = Type.Object(
  {
    court_limit: Type.Optional(Type.Object({ amount: DecimalString(), currency: Type.String({ minLength: 3, maxLength: 3, examples: ['BRL'] }) }, { additionalProperties: false })),
    notice_days_by_state: Type.Optional(Type.Record(Type.String(), Type.Integer(), { description: 'replaces every override; {} returns all states to the default', examples: [{ SP: 10, RJ: 15 }] })),
    steps_by_country: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()), {
      description: 'replaces every country list; {} returns all countries to the default; [] turns every step off for that country',
      examples: [{ BR: ['bureau_listing', 'agency', 'court'], MX: ['agency', 'court'] }],
    })),
  },
  { additionalProperties: false, description: 'fields left out keep their value' },
);

export function escalationSettingsJson(s: EscalationSettings, defaultNoticeDays: number) {
  return { court_limit: moneyJson(s.courtLimitMinor, s.courtLimitCurrency), notice_days_by_state: s.noticeDaysByState, default_notice_days: defaultNoticeDays, steps_by_country: s.stepsByCountry };
}

export const PlanLimitsJson = Type.Object(
  {
    max_instalments: Type.Integer(),
    min_instalment: { ...MoneyJson, description: "smallest instalment, in the organisation's currency (the same number of minor units applies to plans in other currencies)" },
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
    max_instalments: l.maxInstalments, min_instalment: moneyJson(l.minInstalmentMinor, currency), max_discount_percent: percentText(l.maxDiscountBps),
    max_monthly_interest_percent: percentText(l.maxMonthlyInterestBps), min_down_payment_percent: percentText(l.minDownPaymentBps), tolerance_days: l.toleranceDays,
  };
}

/** API field names of the plan limits, for errors raised with the use case's names. */
export const planLimitFields: Record<keyof OrganisationPlanLimits, string> = {
  maxInstalments: 'max_instalments', minInstalmentMinor: 'min_instalment', maxDiscountBps: 'max_discount_percent',
  maxMonthlyInterestBps: 'max_monthly_interest_percent', minDownPaymentBps: 'min_down_payment_percent', toleranceDays: 'tolerance_days',
};

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
    source: Type.String({ enum: ['shipped', 'organisation'], description: "shipped with Régua, or added by the organisation" }),
  },
  { title: 'EcbReferenceRate' },
);

/** 215 → '2.15'. */
export function ecbRateJson(r: EcbRateRow) {
  return { effective_from: r.effective_from, rate_percent: formatAmount(r.rate_bps, 'EUR'), source: r.source };
}
