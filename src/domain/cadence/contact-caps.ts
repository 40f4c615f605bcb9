/**
 * Contact frequency caps per customer: at most N call attempts and N e-mails in a rolling
 * period, and a minimum gap between messages on the phone (SMS and WhatsApp count together).
 * The caps depend on the debtor's jurisdiction, and an organisation may set its own per country.
 */
import type { Channel } from './policy.ts';

export interface ContactCaps {
  callAttempts: { max: number; perDays: number };
  emails: { max: number; perDays: number };
  /** Minimum hours between two SMS or WhatsApp messages. */
  messagingMinHours: number;
}

/** Where neither the law nor the organisation says otherwise: a call and an e-mail a day on average, texts two days apart. */
export const defaultContactCaps: ContactCaps = { callAttempts: { max: 7, perDays: 7 }, emails: { max: 7, perDays: 7 }, messagingMinHours: 48 };

/**
 * Caps the law sets per country (ISO 3166-1 alpha-2). United States: Regulation F (12 CFR
 * 1006.14(b)(2)(i)) presumes harassment past 7 calls within 7 consecutive days, so a
 * configuration may not go beyond it there.
 */
const statutoryCaps: Record<string, { caps: ContactCaps; maxCalls: { max: number; perDays: number } }> = {
  US: { caps: { ...defaultContactCaps, callAttempts: { max: 7, perDays: 7 } }, maxCalls: { max: 7, perDays: 7 } },
};

/** An organisation's caps per country; the key '*' applies to every country not listed. */
export type ContactCapsByCountry = Record<string, ContactCaps>;

/** The caps for a debtor in `country`: the organisation's for that country, else its '*', else the jurisdiction's, else the defaults. */
export function contactCapsFor(country: string, configured: ContactCapsByCountry = {}): ContactCaps {
  const code = country.toUpperCase();
  return configured[code] ?? configured['*'] ?? statutoryCaps[code]?.caps ?? defaultContactCaps;
}

/** Every period the caps count over is at most this long, so recent contacts older than it never matter. */
export const maxCapPeriodDays = 31;

/** Problems with caps configured for `country` ('*' = any), as field → reason; empty when valid. */
export function contactCapsProblems(country: string, caps: ContactCaps): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  for (const key of ['callAttempts', 'emails'] as const) {
    const { max, perDays } = caps[key];
    if (!Number.isSafeInteger(max) || max < 1 || max > 100) problems.push({ field: `${key}.max`, reason: 'must be a whole number from 1 to 100' });
    if (!Number.isSafeInteger(perDays) || perDays < 1 || perDays > maxCapPeriodDays)
      problems.push({ field: `${key}.perDays`, reason: `must be a whole number of days from 1 to ${maxCapPeriodDays}` });
  }
  if (!Number.isFinite(caps.messagingMinHours) || caps.messagingMinHours < 0 || caps.messagingMinHours > 24 * 7)
    problems.push({ field: 'messagingMinHours', reason: 'must be from 0 to 168 hours' });
  const legal = statutoryCaps[country.toUpperCase()]?.maxCalls;
  if (legal && (caps.callAttempts.max > legal.max || caps.callAttempts.perDays < legal.perDays)) {
    problems.push({ field: 'callAttempts', reason: `${country.toUpperCase()} law allows at most ${legal.max} calls in ${legal.perDays} days` });
  }
  return problems;
}

export interface RecentContact {
  channel: Channel;
  at: Date;
}

const msPerHour = 3_600_000;

/**
 * `at` itself when a contact on `channel` at that instant respects the caps, else the first
 * later instant that does. `recent` holds the customer's contacts already made or scheduled,
 * before or after `at`: a call is refused when some period of `perDays` days containing it
 * would hold more than `max` calls, a message when another lies less than the minimum gap
 * away; e-mails count like calls. Letters and actions have no cap.
 */
export function earliestAllowedByCaps(channel: Channel, at: Date, recent: readonly RecentContact[], caps: ContactCaps = defaultContactCaps): Date {
  checkCaps(caps);
  let t = at.getTime();
  // Calls and e-mails: at most `max` in any period of `perDays` days.
  const counted = channel === 'call_task' ? caps.callAttempts : channel === 'email' ? caps.emails : null;
  if (counted) {
    const period = counted.perDays * 24 * msPerHour;
    const previous = times(recent, [channel]);
    for (let until = overloadedUntil(t, previous, counted.max, period); until !== null; until = overloadedUntil(t, previous, counted.max, period)) {
      t = until;
    }
  } else if (channel === 'sms' || channel === 'whatsapp') {
    const gap = caps.messagingMinHours * msPerHour;
    const messages = times(recent, ['sms', 'whatsapp']);
    for (;;) {
      // Every instant before the end of the last clashing message's gap clashes with it too.
      const clashing = messages.filter((m) => Math.abs(t - m) < gap);
      if (clashing.length === 0) break;
      t = Math.max(...clashing) + gap;
    }
  }
  return t === at.getTime() ? at : new Date(t);
}

/**
 * Null when a call at `t` keeps every period [s, s + period) that contains it within `max`
 * calls, else the end of the latest overloaded period: no instant before it can work, since
 * that period contains all of them. Periods are tried at the starts where their count can
 * change (ms resolution), plus at each earlier call for a longer jump.
 */
function overloadedUntil(t: number, calls: number[], max: number, period: number): number | null {
  const starts = new Set([t - period + 1]);
  for (const c of calls) {
    if (c > t - period && c <= t) starts.add(c);
    if (c > t && c < t + period) starts.add(c - period + 1);
  }
  let until: number | null = null;
  for (const s of starts) {
    const count = calls.filter((c) => c >= s && c < s + period).length;
    if (count + 1 > max && (until === null || s + period > until)) until = s + period;
  }
  return until;
}

function times(recent: readonly RecentContact[], channels: readonly Channel[]): number[] {
  return recent
    .filter((r) => channels.includes(r.channel))
    .map((r) => r.at.getTime())
    .sort((a, b) => a - b);
}

function checkCaps(caps: ContactCaps): void {
  for (const key of ['callAttempts', 'emails'] as const) {
    const { max, perDays } = caps[key];
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`${key}.max must be a positive integer, got ${max}`);
    if (!(perDays > 0)) throw new RangeError(`${key}.perDays must be positive, got ${perDays}`);
  }
  if (!(caps.messagingMinHours >= 0)) throw new RangeError(`messagingMinHours must not be negative, got ${caps.messagingMinHours}`);
}
