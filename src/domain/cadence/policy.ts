/**
 * A cadence policy (the "régua") as data: an ordered list of steps at offsets from the due
 * date. Policies come from the database or an API as untyped JSON, so `validatePolicy` checks
 * every field by hand and reports each problem with the path that locates it.
 */
import type { EscalationStep } from '../jurisdiction.ts';
import { isKnownCurrency } from '../money.ts';

export const channels = ['email', 'sms', 'whatsapp', 'letter', 'call_task', 'action'] as const;
export type Channel = (typeof channels)[number];

export const tones = ['friendly', 'neutral', 'firm', 'final'] as const;
export type Tone = (typeof tones)[number];

/** What a step of channel 'action' does; the applicator maps each to a use case. */
export const actionKinds = ['bureau_listing', 'agency_review', 'legal_review', 'suspend_service'] as const;
export type ActionKind = (typeof actionKinds)[number];

/**
 * The escalation step a cadence step belongs to, if any: the bureau listing and its prior
 * notice (the 'final_notice' template announces the listing, CDC art. 43 §2), the agency
 * review, the legal review. Such a step runs only where the organisation configured it for
 * the debtor's country (jurisdiction.ts escalationStepsFor).
 */
export function escalationOf(step: Pick<CadenceStep, 'action' | 'template'>): EscalationStep | null {
  if (step.action === 'bureau_listing' || step.template === 'final_notice') return 'bureau_listing';
  if (step.action === 'agency_review') return 'agency';
  if (step.action === 'legal_review') return 'court';
  return null;
}

export const partyTypes = ['consumer', 'business'] as const;
export type PartyType = (typeof partyTypes)[number];

export interface StepConditions {
  /** Minimum open amount per currency; a currency not listed has no minimum. */
  minOpenMinor?: Record<string, number>;
  segments?: string[];
  tiers?: string[];
  riskBands?: string[];
  /** ISO 3166-1 alpha-2 codes. */
  countries?: string[];
  partyTypes?: PartyType[];
}

export interface CadenceStep {
  /** Stable and unique in the policy, e.g. 'd+1-email'; history refers to it. */
  id: string;
  /** Days from the due date; negative = before it. */
  offsetDays: number;
  channel: Channel;
  /** Template key, e.g. 'friendly_reminder'. */
  template: string;
  tone: Tone;
  /** Required for (and only allowed on) channel 'action'. */
  action?: ActionKind;
  attachInvoices?: boolean;
  /** Used when the customer has no contact with consent on `channel` (WhatsApp → SMS). */
  fallbackChannel?: Channel;
  conditions?: StepConditions;
}

export interface CadencePolicy {
  name: string;
  version: number;
  steps: CadenceStep[];
}

export interface PolicyError {
  path: string;
  message: string;
}

export type ValidatePolicyResult = { ok: true; policy: CadencePolicy } | { ok: false; errors: PolicyError[] };

export const defaultPolicy: CadencePolicy = {
  name: 'default',
  version: 1,
  steps: [
    { id: 'd-3-email', offsetDays: -3, channel: 'email', template: 'courtesy_reminder', tone: 'friendly' },
    { id: 'd+1-email', offsetDays: 1, channel: 'email', template: 'friendly_reminder', tone: 'friendly' },
    { id: 'd+5-whatsapp', offsetDays: 5, channel: 'whatsapp', template: 'whatsapp_reminder', tone: 'neutral', fallbackChannel: 'sms' },
    { id: 'd+10-call', offsetDays: 10, channel: 'call_task', template: 'call_script', tone: 'neutral' },
    { id: 'd+20-email', offsetDays: 20, channel: 'email', template: 'firm_reminder', tone: 'firm' },
    { id: 'd+20-letter', offsetDays: 20, channel: 'letter', template: 'letter_firm', tone: 'firm', attachInvoices: true },
    // The final notice is the prior written notice a bureau listing requires (Brazil CDC art. 43 §2).
    { id: 'd+30-final-notice', offsetDays: 30, channel: 'email', template: 'final_notice', tone: 'final' },
    { id: 'd+45-bureau-listing', offsetDays: 45, channel: 'action', template: 'bureau_listing', tone: 'final', action: 'bureau_listing' },
    { id: 'd+60-review', offsetDays: 60, channel: 'call_task', template: 'agency_or_legal_review', tone: 'final' },
  ],
};

type Errors = PolicyError[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

function rejectUnknownKeys(value: Record<string, unknown>, known: readonly string[], path: string, errors: Errors): void {
  // A typo such as "offsetday" would otherwise be silently ignored and the step misbehave.
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) errors.push({ path: join(path, key), message: `unknown field "${key}"` });
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function nonEmptyString(value: unknown, path: string, errors: Errors): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ path, message: 'must be a non-empty string' });
    return undefined;
  }
  return value;
}

function stringList(value: unknown, path: string, errors: Errors, check?: (item: string) => string | undefined): string[] | undefined {
  if (!Array.isArray(value)) {
    errors.push({ path, message: 'must be an array of strings' });
    return undefined;
  }
  const result: string[] = [];
  value.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (typeof item !== 'string' || item === '') {
      errors.push({ path: itemPath, message: 'must be a non-empty string' });
      return;
    }
    const problem = check?.(item);
    if (problem) errors.push({ path: itemPath, message: problem });
    else result.push(item);
  });
  return result;
}

const conditionKeys = ['minOpenMinor', 'segments', 'tiers', 'riskBands', 'countries', 'partyTypes'] as const;

function validateConditions(value: unknown, path: string, errors: Errors): StepConditions | undefined {
  if (!isRecord(value)) {
    errors.push({ path, message: 'must be an object' });
    return undefined;
  }
  rejectUnknownKeys(value, conditionKeys, path, errors);
  const conditions: StepConditions = {};
  if (value.minOpenMinor !== undefined) {
    const minPath = join(path, 'minOpenMinor');
    if (!isRecord(value.minOpenMinor)) {
      errors.push({ path: minPath, message: 'must be an object of currency → minimum amount in minor units' });
    } else {
      const minimums: Record<string, number> = {};
      for (const [currency, amount] of Object.entries(value.minOpenMinor)) {
        const amountPath = join(minPath, currency);
        if (!isKnownCurrency(currency)) errors.push({ path: amountPath, message: `unknown currency "${currency}"` });
        else if (typeof amount !== 'number' || !Number.isSafeInteger(amount))
          errors.push({ path: amountPath, message: 'must be an integer number of minor units' });
        else if (amount < 0) errors.push({ path: amountPath, message: 'must not be negative' });
        else minimums[currency] = amount;
      }
      conditions.minOpenMinor = minimums;
    }
  }
  for (const key of ['segments', 'tiers', 'riskBands'] as const) {
    if (value[key] !== undefined) {
      const list = stringList(value[key], join(path, key), errors);
      if (list) conditions[key] = list;
    }
  }
  if (value.countries !== undefined) {
    const list = stringList(value.countries, join(path, 'countries'), errors, (c) =>
      /^[A-Z]{2}$/.test(c) ? undefined : `"${c}" is not an ISO 3166-1 alpha-2 country code`,
    );
    if (list) conditions.countries = list;
  }
  if (value.partyTypes !== undefined) {
    const list = stringList(value.partyTypes, join(path, 'partyTypes'), errors, (t) =>
      oneOf(partyTypes, t) ? undefined : `unknown party type "${t}" (expected ${partyTypes.join(', ')})`,
    );
    if (list) conditions.partyTypes = list as PartyType[];
  }
  return conditions;
}

const stepKeys = ['id', 'offsetDays', 'channel', 'template', 'tone', 'action', 'attachInvoices', 'fallbackChannel', 'conditions'] as const;

function validateStep(value: unknown, path: string, errors: Errors): CadenceStep | undefined {
  if (!isRecord(value)) {
    errors.push({ path, message: 'must be an object' });
    return undefined;
  }
  const before = errors.length;
  rejectUnknownKeys(value, stepKeys, path, errors);
  const id = nonEmptyString(value.id, join(path, 'id'), errors);
  const offsetDays = value.offsetDays;
  if (typeof offsetDays !== 'number' || !Number.isSafeInteger(offsetDays)) {
    errors.push({ path: join(path, 'offsetDays'), message: 'must be an integer number of days' });
  }
  const channel = value.channel;
  if (!oneOf(channels, channel)) {
    errors.push({ path: join(path, 'channel'), message: `unknown channel ${JSON.stringify(channel)} (expected ${channels.join(', ')})` });
  }
  const template = nonEmptyString(value.template, join(path, 'template'), errors);
  const tone = value.tone;
  if (!oneOf(tones, tone)) {
    errors.push({ path: join(path, 'tone'), message: `unknown tone ${JSON.stringify(tone)} (expected ${tones.join(', ')})` });
  }
  const action = value.action;
  if (channel === 'action') {
    if (action === undefined) errors.push({ path: join(path, 'action'), message: `an action step needs an action (${actionKinds.join(', ')})` });
    else if (!oneOf(actionKinds, action))
      errors.push({ path: join(path, 'action'), message: `unknown action ${JSON.stringify(action)} (expected ${actionKinds.join(', ')})` });
  } else if (action !== undefined) {
    errors.push({ path: join(path, 'action'), message: 'only steps of channel "action" have an action' });
  }
  if (value.attachInvoices !== undefined && typeof value.attachInvoices !== 'boolean') {
    errors.push({ path: join(path, 'attachInvoices'), message: 'must be true or false' });
  }
  const fallback = value.fallbackChannel;
  if (fallback !== undefined) {
    const fallbackPath = join(path, 'fallbackChannel');
    if (!oneOf(channels, fallback))
      errors.push({ path: fallbackPath, message: `unknown channel ${JSON.stringify(fallback)} (expected ${channels.join(', ')})` });
    else if (fallback === 'action' || channel === 'action') errors.push({ path: fallbackPath, message: 'an action is not a channel to fall back from or to' });
    else if (fallback === channel) errors.push({ path: fallbackPath, message: 'must differ from the step channel' });
  }
  const conditions = value.conditions === undefined ? undefined : validateConditions(value.conditions, join(path, 'conditions'), errors);
  if (errors.length > before) return undefined;

  const step: CadenceStep = { id: id!, offsetDays: offsetDays as number, channel: channel as Channel, template: template!, tone: tone as Tone };
  if (action !== undefined) step.action = action as ActionKind;
  if (value.attachInvoices !== undefined) step.attachInvoices = value.attachInvoices as boolean;
  if (fallback !== undefined) step.fallbackChannel = fallback as Channel;
  if (conditions !== undefined) step.conditions = conditions;
  return step;
}

/**
 * Checks an untyped policy and returns a clean copy with the steps sorted by offset (steps at
 * the same offset keep their written order). Errors carry paths such as `steps[2].offsetDays`;
 * the path of an error about the whole input is ''.
 */
export function validatePolicy(input: unknown): ValidatePolicyResult {
  const errors: Errors = [];
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: 'a policy must be an object' }] };
  rejectUnknownKeys(input, ['name', 'version', 'steps'], '', errors);
  const name = nonEmptyString(input.name, 'name', errors);
  const version = input.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    errors.push({ path: 'version', message: 'must be a positive integer' });
  }
  const steps: CadenceStep[] = [];
  if (!Array.isArray(input.steps)) {
    errors.push({ path: 'steps', message: 'must be an array of steps' });
  } else if (input.steps.length === 0) {
    errors.push({ path: 'steps', message: 'a policy needs at least one step' });
  } else {
    const seen = new Map<string, number>();
    input.steps.forEach((raw, i) => {
      const path = `steps[${i}]`;
      const step = validateStep(raw, path, errors);
      const id = isRecord(raw) ? raw.id : undefined;
      if (typeof id === 'string' && id.trim() !== '') {
        const first = seen.get(id);
        if (first !== undefined) errors.push({ path: `${path}.id`, message: `duplicate step id "${id}" (also steps[${first}])` });
        else seen.set(id, i);
      }
      if (step) steps.push(step);
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  // Array.prototype.sort is stable, so same-offset steps keep the order they were written in.
  steps.sort((a, b) => a.offsetDays - b.offsetDays);
  return { ok: true, policy: { name: name!, version: version as number, steps } };
}
