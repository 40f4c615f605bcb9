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
 * `at` itself when a contact on `channel` respects the caps, else the first instant at which
 * it does. `recent` is the customer's contact record; a contact counts against an instant
 * when it happened at or before it. Channels without a cap (email, letter, action) are
 * always allowed.
 */
export function earliestAllowedByCaps(channel: Channel, at: Date, recent: readonly RecentContact[], caps: ContactCaps = defaultContactCaps): Date {
  checkCaps(caps);
  let t = at.getTime();
  if (channel === 'call_task') {
    const period = caps.callAttempts.perDays * 24 * msPerHour;
    const calls = times(recent, ['call_task']);
    for (;;) {
      const inWindow = calls.filter((c) => c <= t && c > t - period);
      if (inWindow.length < caps.callAttempts.max) break;
      // The window frees a place when enough of its oldest calls have left it.
      t = inWindow[inWindow.length - caps.callAttempts.max]! + period;
    }
  } else if (channel === 'sms' || channel === 'whatsapp') {
    const gap = caps.messagingMinHours * msPerHour;
    const messages = times(recent, ['sms', 'whatsapp']);
    for (;;) {
      const last = messages.findLast((m) => m <= t);
      if (last === undefined || t - last >= gap) break;
      t = last + gap;
    }
  }
  return t === at.getTime() ? at : new Date(t);
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
