import type { Db } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import type { StagedCreditSettings } from '../../domain/insight/credit.ts';
import { formatAmount, isKnownCurrency, parseAmount } from '../../domain/money.ts';
import type { FieldError } from '../../domain/field-error.ts';
import { setStagedCreditSetting } from '../../stores/organisations.ts';
import { ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { changeSettings } from '../settings-change.ts';
import { stagedCreditOf } from './credit-decision.ts';

/** Staged credit as typed in: amounts as decimal strings in `currency` (default: the organisation's). */
export interface StagedCreditInput {
  currency?: string;
  probationDays: number;
  initialLimit: string;
  step: string;
  maxLimit: string;
}

/** Turns staged credit on (or changes it), validated, with its entry on the contact record; `null` turns it off. */
export async function setStagedCredit(db: Db, ctx: OrgContext, input: StagedCreditInput | null): Promise<StagedCreditSettings | null> {
  let value: Organisation['settings']['staged_credit'] | null = null;
  if (input !== null) {
    const errors: FieldError[] = [];
    const currency = (input.currency ?? ctx.org.default_currency).toUpperCase();
    if (!isKnownCurrency(currency)) throw new ValidationError([{ field: 'currency', reason: `unknown currency ${input.currency}` }]);
    if (!Number.isInteger(input.probationDays) || input.probationDays < 0 || input.probationDays > 3650)
      errors.push({ field: 'probation_days', reason: 'must be a whole number of days from 0 to 3650' });
    const amount = (field: string, text: string): number => {
      const parsed = parseAmount(text, currency);
      if (parsed.ok && parsed.minor >= 0) return parsed.minor;
      errors.push({ field, reason: parsed.ok ? `${text} is negative` : parsed.reason });
      return 0;
    };
    const initial = amount('initial_limit', input.initialLimit);
    const step = amount('step', input.step);
    const max = amount('max_limit', input.maxLimit);
    if (errors.length === 0 && max < initial) errors.push({ field: 'max_limit', reason: `${input.maxLimit} is below the initial limit ${input.initialLimit}` });
    if (errors.length > 0) throw new ValidationError(errors);
    value = { currency, probation_days: input.probationDays, initial_limit_minor: initial, step_minor: step, max_limit_minor: max };
  }
  const saved = await changeSettings(
    db,
    ctx,
    'staged_credit',
    (trx) => setStagedCreditSetting(trx, ctx.org.id, value),
    (org) => ({ staged_credit: stagedCreditToJson(stagedCreditOf(org)) }),
  );
  return stagedCreditOf(saved);
}

/** The JSON of the staged-credit settings (amounts as decimal strings); null when off. */
export function stagedCreditToJson(s: StagedCreditSettings | null) {
  if (s === null) return null;
  return {
    currency: s.currency,
    probation_days: s.probationDays,
    initial_limit: formatAmount(s.initialLimitMinor, s.currency),
    step: formatAmount(s.stepMinor, s.currency),
    max_limit: formatAmount(s.maxLimitMinor, s.currency),
  };
}
