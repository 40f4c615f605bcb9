/**
 * Contact frequency caps per customer: at most N call attempts in a rolling period, and a
 * minimum gap between messages on the phone (SMS and WhatsApp count together).
 */
import type { Channel } from './policy.ts';

export interface ContactCaps {
  callAttempts: { max: number; perDays: number };
  /** Minimum hours between two SMS or WhatsApp messages. */
  messagingMinHours: number;
}

export const defaultContactCaps: ContactCaps = { callAttempts: { max: 7, perDays: 7 }, messagingMinHours: 48 };

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
 * away. Channels without a cap (email, letter, action) are always allowed.
 */
export function earliestAllowedByCaps(channel: Channel, at: Date, recent: readonly RecentContact[], caps: ContactCaps = defaultContactCaps): Date {
  checkCaps(caps);
  let t = at.getTime();
  if (channel === 'call_task') {
    const period = caps.callAttempts.perDays * 24 * msPerHour;
    const calls = times(recent, ['call_task']);
    for (let until = overloadedUntil(t, calls, caps.callAttempts.max, period); until !== null; until = overloadedUntil(t, calls, caps.callAttempts.max, period)) {
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
  return recent.filter((r) => channels.includes(r.channel)).map((r) => r.at.getTime()).sort((a, b) => a - b);
}

function checkCaps(caps: ContactCaps): void {
  const { max, perDays } = caps.callAttempts;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`callAttempts.max must be a positive integer, got ${max}`);
  if (!(perDays > 0)) throw new RangeError(`callAttempts.perDays must be positive, got ${perDays}`);
  if (!(caps.messagingMinHours >= 0)) throw new RangeError(`messagingMinHours must not be negative, got ${caps.messagingMinHours}`);
}
