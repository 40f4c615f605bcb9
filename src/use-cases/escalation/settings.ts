import type { Db } from '../../db/database.ts';
import { isKnownCurrency } from '../../domain/money.ts';
import type { FieldError } from '../../domain/field-error.ts';
import { ValidationError } from '../errors.ts';
import { brazilianStates } from './bureau-rules.ts';

export interface EscalationSettings {
  courtLimitMinor: number;
  courtLimitCurrency: string;
  /** Overrides of the notice period per Brazilian state (UF → days). */
  noticeDaysByState: Record<string, number>;
}

/** Brazil JEC (Lei 9.099/95 art. 3 I): 40 minimum wages, 40 × R$ 1.518,00. */
export const defaultEscalationSettings: EscalationSettings = { courtLimitMinor: 6_072_000, courtLimitCurrency: 'BRL', noticeDaysByState: {} };

export async function getEscalationSettings(db: Db, organisationId: string): Promise<EscalationSettings> {
  const row = await db.selectFrom('escalation_settings').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!row) return { ...defaultEscalationSettings, noticeDaysByState: {} };
  return { courtLimitMinor: row.court_limit_minor, courtLimitCurrency: row.court_limit_currency, noticeDaysByState: row.notice_days_by_state };
}

export async function setEscalationSettings(db: Db, organisationId: string, patch: Partial<EscalationSettings>): Promise<EscalationSettings> {
  const next = { ...(await getEscalationSettings(db, organisationId)), ...patch };
  // Field names as the API spells them, so a refusal names what the caller sent.
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(next.courtLimitMinor) || next.courtLimitMinor <= 0) errors.push({ field: 'court_limit.amount', reason: 'must be a positive amount' });
  if (!isKnownCurrency(next.courtLimitCurrency)) errors.push({ field: 'court_limit.currency', reason: `unknown currency ${next.courtLimitCurrency}` });
  for (const [uf, days] of Object.entries(next.noticeDaysByState)) {
    if (!(brazilianStates as readonly string[]).includes(uf)) errors.push({ field: `notice_days_by_state.${uf}`, reason: 'is not a Brazilian state (UF)' });
    else if (!Number.isInteger(days) || days < 0 || days > 90) errors.push({ field: `notice_days_by_state.${uf}`, reason: 'must be a whole number of days from 0 to 90' });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  const values = { court_limit_minor: next.courtLimitMinor, court_limit_currency: next.courtLimitCurrency, notice_days_by_state: JSON.stringify(next.noticeDaysByState) };
  await db
    .insertInto('escalation_settings')
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
  return next;
}
