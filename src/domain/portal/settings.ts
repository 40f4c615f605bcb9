import { addDays, isIsoDate } from '../dates.ts';
import type { FieldError } from '../field-error.ts';
import { defaultPortalLinkDays } from './token.ts';

/** What the business decides about its debtor portal. */
export interface PortalSettings {
  enabled: boolean;
  /** Days a link stays valid after the message that carries it. */
  linkDays: number;
  /** How far ahead a debtor may promise to pay, in days from today. */
  promiseHorizonDays: number;
  /** Numbers of instalments the portal offers (each still within the plan limits). */
  plansOffered: number[];
  /** Largest proof-of-payment upload, in bytes. */
  proofMaxBytes: number;
}

const defaultPortalSettings: PortalSettings = {
  enabled: true,
  linkDays: defaultPortalLinkDays,
  promiseHorizonDays: 15,
  plansOffered: [3, 6],
  proofMaxBytes: 5 * 1024 * 1024,
};

/** The stored JSON (snake_case) read over the defaults. */
export function portalSettingsFrom(
  stored: {
    enabled?: boolean;
    link_days?: number;
    promise_horizon_days?: number;
    plans_offered?: number[];
    proof_max_bytes?: number;
  } = {},
): PortalSettings {
  const d = defaultPortalSettings;
  return {
    enabled: stored.enabled ?? d.enabled,
    linkDays: stored.link_days ?? d.linkDays,
    promiseHorizonDays: stored.promise_horizon_days ?? d.promiseHorizonDays,
    plansOffered: stored.plans_offered ?? d.plansOffered,
    proofMaxBytes: stored.proof_max_bytes ?? d.proofMaxBytes,
  };
}

/** Field errors of settings about to be saved (field names as in the API). */
export function portalSettingsProblems(s: PortalSettings): FieldError[] {
  const errors: FieldError[] = [];
  const whole = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!whole(s.linkDays, 1, 365)) errors.push({ field: 'link_days', reason: 'must be a whole number of days from 1 to 365' });
  if (!whole(s.promiseHorizonDays, 1, 90)) errors.push({ field: 'promise_horizon_days', reason: 'must be a whole number of days from 1 to 90' });
  if (s.plansOffered.some((n) => !whole(n, 2, 60)) || new Set(s.plansOffered).size !== s.plansOffered.length)
    errors.push({ field: 'plans_offered', reason: 'must be distinct numbers of instalments from 2 to 60' });
  if (!whole(s.proofMaxBytes, 1024, 20 * 1024 * 1024)) errors.push({ field: 'proof_max_bytes', reason: 'must be from 1024 to 20971520 bytes' });
  return errors;
}

/** The last day a debtor may promise on the portal. */
export function promiseHorizon(today: string, settings: Pick<PortalSettings, 'promiseHorizonDays'>): string {
  return addDays(today, settings.promiseHorizonDays);
}

/** Why a promised date is refused on the portal (today … today + horizon), or null. */
export function portalPromiseDateProblem(
  date: string,
  today: string,
  settings: Pick<PortalSettings, 'promiseHorizonDays'>,
): 'invalid' | 'past' | 'beyond_horizon' | null {
  if (!isIsoDate(date)) return 'invalid';
  if (date < today) return 'past';
  if (date > promiseHorizon(today, settings)) return 'beyond_horizon';
  return null;
}
