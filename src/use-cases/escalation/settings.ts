import type { Db } from '../../db/database.ts';
import { isKnownCurrency } from '../../domain/money.ts';
import { UserError } from '../errors.ts';
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
  if (!Number.isSafeInteger(next.courtLimitMinor) || next.courtLimitMinor <= 0) throw new UserError('the court limit must be a positive amount', 'invalid_court_limit');
  if (!isKnownCurrency(next.courtLimitCurrency)) throw new UserError(`unknown currency ${next.courtLimitCurrency}`, 'invalid_currency');
  for (const [uf, days] of Object.entries(next.noticeDaysByState)) {
    if (!(brazilianStates as readonly string[]).includes(uf)) throw new UserError(`${uf} is not a Brazilian state`, 'invalid_state');
    if (!Number.isInteger(days) || days < 0 || days > 90) throw new UserError(`notice days for ${uf} must be a whole number from 0 to 90`, 'invalid_notice_days');
  }
  const values = { court_limit_minor: next.courtLimitMinor, court_limit_currency: next.courtLimitCurrency, notice_days_by_state: JSON.stringify(next.noticeDaysByState) };
  await db
    .insertInto('escalation_settings')
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();
  return next;
}
