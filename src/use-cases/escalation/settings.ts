import type { Db, Tx } from '../../db/database.ts';
import { escalationStepsFor, escalationSteps, type EscalationStep } from '../../domain/jurisdiction.ts';
import { isKnownCurrency } from '../../domain/money.ts';
import type { FieldError } from '../../domain/field-error.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { brazilianStates } from '../../domain/escalation/bureau-calendar.ts';
import { escalationSettingsRow, saveEscalationSettings } from '../../stores/escalations.ts';

export interface EscalationSettings {
  courtLimitMinor: number;
  courtLimitCurrency: string;
  /** Overrides of the notice period per Brazilian state (UF → days). */
  noticeDaysByState: Record<string, number>;
  /** Debtor country → the escalation steps configured there; a country not listed gets defaultEscalationSteps. */
  stepsByCountry: Record<string, string[]>;
}

/** Brazil JEC (Lei 9.099/95 art. 3 I): 40 minimum wages, 40 × R$ 1.518,00. */
const defaultEscalationSettings: EscalationSettings = {
  courtLimitMinor: 6_072_000,
  courtLimitCurrency: 'BRL',
  noticeDaysByState: {},
  stepsByCountry: {},
};

export async function getEscalationSettings(db: Db | Tx, organisationId: string): Promise<EscalationSettings> {
  const row = await escalationSettingsRow(db, organisationId);
  if (!row) return { ...defaultEscalationSettings, noticeDaysByState: {}, stepsByCountry: {} };
  return {
    courtLimitMinor: row.court_limit_minor,
    courtLimitCurrency: row.court_limit_currency,
    noticeDaysByState: row.notice_days_by_state,
    stepsByCountry: row.steps_by_country,
  };
}

/** Refuses an escalation step the organisation has not configured for the debtor's country. */
export function requireEscalationStep(settings: EscalationSettings, step: EscalationStep, customer: { external_id: string; country: string }): void {
  if (escalationStepsFor(customer.country, settings.stepsByCountry).includes(step)) return;
  throw new ConflictError(
    `${step.replace('_', ' ')} is not configured for debtors in ${customer.country} (customer ${customer.external_id}); configure it in the escalation settings (steps_by_country)`,
    'escalation_not_configured',
    { step, country: customer.country },
  );
}

export async function setEscalationSettings(db: Db | Tx, organisationId: string, patch: Partial<EscalationSettings>): Promise<EscalationSettings> {
  const next = { ...(await getEscalationSettings(db, organisationId)), ...patch };
  // Field names as the API spells them, so a refusal names what the caller sent.
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(next.courtLimitMinor) || next.courtLimitMinor <= 0)
    errors.push({ field: 'court_limit.amount', reason: 'must be a positive amount' });
  if (!isKnownCurrency(next.courtLimitCurrency)) errors.push({ field: 'court_limit.currency', reason: `unknown currency ${next.courtLimitCurrency}` });
  for (const [uf, days] of Object.entries(next.noticeDaysByState)) {
    if (!(brazilianStates as readonly string[]).includes(uf)) errors.push({ field: `notice_days_by_state.${uf}`, reason: 'is not a Brazilian state (UF)' });
    else if (!Number.isInteger(days) || days < 0 || days > 90)
      errors.push({ field: `notice_days_by_state.${uf}`, reason: 'must be a whole number of days from 0 to 90' });
  }
  for (const [country, steps] of Object.entries(next.stepsByCountry)) {
    if (!/^[A-Z]{2}$/.test(country)) errors.push({ field: `steps_by_country.${country}`, reason: 'is not an ISO 3166 alpha-2 country code' });
    steps.forEach((step, i) => {
      if (!(escalationSteps as readonly string[]).includes(step))
        errors.push({ field: `steps_by_country.${country}[${i}]`, reason: `must be one of ${escalationSteps.join(', ')}` });
    });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  await saveEscalationSettings(db, organisationId, {
    court_limit_minor: next.courtLimitMinor,
    court_limit_currency: next.courtLimitCurrency,
    notice_days_by_state: next.noticeDaysByState,
    steps_by_country: next.stepsByCountry,
  });
  return next;
}
