/**
 * allowedAt: the one rule for "when may this contact happen", used by the run when it
 * schedules a message or a call and by delivery when it sends: the first instant at or after
 * `now` inside the debtor's allowed hours (contact-window.ts) that also respects the contact
 * caps (contact-caps.ts) given the customer's contacts made or scheduled around it. Letters
 * and actions reach no one directly and go at once.
 */
import { earliestAllowedByCaps, type ContactCaps, type RecentContact } from './contact-caps.ts';
import { nextAllowedSlot } from './contact-window.ts';
import type { Channel } from './policy.ts';

/** Each cap deferral lands in a new window and may meet another cap; a few rounds settle any real calendar. */
const maxRounds = 10;

export function allowedAt(channel: Channel, now: Date, zone: string, country: string, recent: readonly RecentContact[], caps: ContactCaps): Date {
  if (channel === 'letter' || channel === 'action') return now;
  let at = nextAllowedSlot(now, zone, country);
  for (let round = 0; round < maxRounds; round++) {
    const capped = earliestAllowedByCaps(channel, at, recent, caps);
    if (capped.getTime() === at.getTime()) return at;
    at = nextAllowedSlot(capped, zone, country);
  }
  return at;
}
