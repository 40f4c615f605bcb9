import type { Db, Tx } from '../../db/database.ts';
import type { Organisation } from '../../db/schema.ts';
import { portalSettingsFrom, portalSettingsProblems, type PortalSettings } from '../../domain/portal/settings.ts';
import { savePortalSettings } from '../../stores/portal.ts';
import { ValidationError } from '../errors.ts';
import type { OrgContext } from '../org-context.ts';
import { changeSettings } from '../settings-change.ts';

export function portalSettingsOf(org: Pick<Organisation, 'settings'>): PortalSettings {
  return portalSettingsFrom(org.settings.portal);
}

/** The settings as the API and the contact record show them. */
export function portalSettingsJson(s: PortalSettings) {
  return {
    enabled: s.enabled,
    link_days: s.linkDays,
    promise_horizon_days: s.promiseHorizonDays,
    plans_offered: s.plansOffered,
    proof_max_bytes: s.proofMaxBytes,
  };
}

/** Changes some portal settings (the others keep their value), validated, on the contact record. */
export async function setPortalSettings(db: Db | Tx, ctx: OrgContext, patch: Partial<PortalSettings>): Promise<PortalSettings> {
  const next = { ...portalSettingsOf(ctx.org), ...patch };
  const problems = portalSettingsProblems(next);
  if (problems.length > 0) throw new ValidationError(problems);
  return changeSettings(
    db,
    ctx,
    'portal',
    async (trx) => {
      await savePortalSettings(trx, ctx.org.id, portalSettingsJson(next));
      return next;
    },
    portalSettingsJson,
  );
}
