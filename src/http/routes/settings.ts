import { Type } from '@sinclair/typebox';
import type { Tx } from '../../db/database.ts';
import { parsePercentBps } from '../../domain/fees.ts';
import { isKnownCurrency, parseAmount } from '../../domain/money.ts';
import type { FieldError } from '../../domain/field-error.ts';
import { contactCapsView, setContactCaps } from '../../use-cases/contact-caps-settings.ts';
import { ValidationError } from '../../use-cases/errors.ts';
import { defaultNoticeDays } from '../../domain/escalation/bureau-calendar.ts';
import { getEscalationSettings, setEscalationSettings, type EscalationSettings } from '../../use-cases/escalation/settings.ts';
import { addEcbRate, listEcbRates } from '../../use-cases/jurisdiction/ecb-rates.ts';
import { loadPlanLimits, setPlanLimits, type OrganisationPlanLimits } from '../../use-cases/payment-plans/plan-limits.ts';
import { changeSettings } from '../../use-cases/settings-change.ts';
import { contextOf, principalOf } from '../auth.ts';
import { withErrors } from '../errors.ts';
import { runWrite } from '../idempotency.ts';
import { IdempotencyHeaders } from '../schemas/common.ts';
import {
  ContactCapsBody,
  ContactCapsJson,
  EcbRateBody,
  EcbRateJson,
  ecbRateJson,
  EscalationSettingsBody,
  EscalationSettingsJson,
  escalationSettingsJson,
  planLimitFields,
  PlanLimitsBody,
  PlanLimitsJson,
  planLimitsJson,
} from '../schemas/settings.ts';
import type { Api, ApiDeps } from '../types.ts';

const tags = ['settings'];

/** Business settings kept in the database: escalation (court limit, notice periods), payment-plan limits and contact caps. */
export function settingsRoutes(app: Api, { db }: ApiDeps): void {
  app.get(
    '/settings/escalation',
    {
      schema: {
        tags,
        summary: 'Escalation settings: small-claims court value limit, prior-notice days per state, escalation steps per debtor country',
        response: withErrors({ 200: EscalationSettingsJson }),
      },
    },
    async (request) => escalationSettingsJson(await getEscalationSettings(db, principalOf(request).organisation.id), defaultNoticeDays),
  );

  app.put(
    '/settings/escalation',
    {
      schema: {
        tags,
        summary: 'Change the escalation settings (fields left out keep their value)',
        body: EscalationSettingsBody,
        response: withErrors({ 200: EscalationSettingsJson }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const b = request.body;
      const patch: Partial<EscalationSettings> = {};
      if (b.court_limit) {
        const currency = b.court_limit.currency.toUpperCase();
        if (!isKnownCurrency(currency)) throw new ValidationError([{ field: 'court_limit.currency', reason: `unknown currency ${b.court_limit.currency}` }]);
        const amount = parseAmount(b.court_limit.amount, currency);
        if (!amount.ok) throw new ValidationError([{ field: 'court_limit.amount', reason: amount.reason }]);
        patch.courtLimitMinor = amount.minor;
        patch.courtLimitCurrency = currency;
      }
      if (b.notice_days_by_state)
        patch.noticeDaysByState = Object.fromEntries(Object.entries(b.notice_days_by_state).map(([uf, days]) => [uf.toUpperCase(), days]));
      if (b.steps_by_country)
        patch.stepsByCountry = Object.fromEntries(Object.entries(b.steps_by_country).map(([country, steps]) => [country.toUpperCase(), steps]));
      const describe = (next: EscalationSettings) => escalationSettingsJson(next, defaultNoticeDays);
      return describe(await changeSettings(db, ctx, 'escalation', (trx) => setEscalationSettings(trx, ctx.org.id, patch), describe));
    },
  );

  app.get(
    '/settings/contact-caps',
    {
      schema: {
        tags,
        summary: 'Contact caps per debtor country: calls and e-mails per period, hours between texts',
        response: withErrors({ 200: ContactCapsJson }),
      },
    },
    async (request) => contactCapsView(principalOf(request).organisation),
  );

  app.put(
    '/settings/contact-caps',
    {
      schema: {
        tags,
        summary: 'Change the contact caps of some countries (refused beyond what their law allows, e.g. US Regulation F)',
        body: ContactCapsBody,
        response: withErrors({ 200: ContactCapsJson }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return contactCapsView(await setContactCaps(db, ctx.org, request.body.by_country, ctx));
    },
  );

  app.get(
    '/settings/payment-plans',
    {
      schema: {
        tags,
        summary: 'Payment-plan limits: maximum instalments, minimum instalment, maximum discount …',
        response: withErrors({ 200: PlanLimitsJson }),
      },
    },
    async (request) => {
      const { organisation } = principalOf(request);
      return planLimitsJson(await loadPlanLimits(db, organisation.id), organisation.default_currency);
    },
  );

  app.put(
    '/settings/payment-plans',
    {
      schema: {
        tags,
        summary: 'Change the payment-plan limits (fields left out keep their value)',
        body: PlanLimitsBody,
        response: withErrors({ 200: PlanLimitsJson }),
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const organisation = ctx.org;
      const b = request.body;
      const errors: FieldError[] = [];
      const patch: { -readonly [K in keyof OrganisationPlanLimits]?: number } = {};
      if (b.max_instalments !== undefined) patch.maxInstalments = b.max_instalments;
      if (b.tolerance_days !== undefined) patch.toleranceDays = b.tolerance_days;
      if (b.min_instalment !== undefined) {
        const amount = parseAmount(b.min_instalment, organisation.default_currency);
        if (amount.ok) patch.minInstalmentMinor = amount.minor;
        else errors.push({ field: 'min_instalment', reason: amount.reason });
      }
      for (const [field, key] of [
        ['max_discount_percent', 'maxDiscountBps'],
        ['max_monthly_interest_percent', 'maxMonthlyInterestBps'],
        ['min_down_payment_percent', 'minDownPaymentBps'],
      ] as const) {
        const text = b[field];
        if (text === undefined) continue;
        const bps = parsePercentBps(text);
        if (bps === null) errors.push({ field, reason: 'must be a percentage from 0 to 100 with at most two decimals' });
        else patch[key] = bps;
      }
      if (errors.length > 0) throw new ValidationError(errors);
      const apply = (trx: Tx) =>
        setPlanLimits(trx, organisation.id, patch).catch((error: unknown) => {
          if (error instanceof ValidationError)
            throw new ValidationError(
              error.errors.map((e) => ({ field: planLimitFields[e.field as keyof OrganisationPlanLimits] ?? e.field, reason: e.reason })),
            );
          throw error;
        });
      const describe = (next: OrganisationPlanLimits) => planLimitsJson(next, organisation.default_currency);
      return describe(await changeSettings(db, ctx, 'payment_plans', apply, describe));
    },
  );

  app.get(
    '/settings/ecb-rates',
    {
      schema: {
        tags,
        summary: "ECB main refinancing rates by effective date (Spain's statutory B2B interest, Ley 3/2004: rate + 8 points)",
        response: withErrors({ 200: Type.Object({ data: Type.Array(EcbRateJson) }) }),
      },
    },
    async (request) => ({ data: (await listEcbRates(db, contextOf(request))).map(ecbRateJson) }),
  );

  app.post(
    '/settings/ecb-rates',
    {
      schema: {
        tags,
        summary: 'Add the ECB rate in force from a date (a rate of the same date is replaced)',
        headers: IdempotencyHeaders,
        body: EcbRateBody,
        response: withErrors({ 201: EcbRateJson }),
      },
    },
    (request, reply) =>
      runWrite(db, request, reply, 201, async (trx, ctx) =>
        ecbRateJson(await addEcbRate(trx, ctx, { effectiveFrom: request.body.effective_from, ratePercent: request.body.rate_percent })),
      ),
  );
}
