import type { Db } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import type { ContactCapsSetting, Organisation } from '../db/schema.ts';
import { contactCapsFor, contactCapsProblems, defaultContactCaps, type ContactCaps, type ContactCapsByCountry } from '../domain/cadence/index.ts';
import type { FieldError } from '../domain/field-error.ts';
import { setContactCapsSetting } from '../stores/organisations.ts';
import { appendInteraction } from './contact-record.ts';
import { ValidationError } from './errors.ts';

/**
 * The organisation's contact caps per debtor country (settings.contact_caps, as the API
 * spells them; '*' = every country not listed). Countries not configured follow their
 * jurisdiction's caps (domain/cadence/contact-caps.ts).
 */
export function contactCapsOf(org: Organisation): ContactCapsByCountry {
  return Object.fromEntries(Object.entries(org.settings.contact_caps ?? {}).map(([country, caps]) => [country, fromSetting(caps)]));
}

/** The caps of every configured country, and what applies to a country without an entry (defaults and US law). */
export function contactCapsView(org: Organisation) {
  return {
    by_country: org.settings.contact_caps ?? {},
    effective: Object.fromEntries(
      ['*', 'BR', 'US', 'MX', 'ES'].map((c) => [
        c,
        toSetting(c === '*' ? (contactCapsOf(org)['*'] ?? defaultContactCaps) : contactCapsFor(c, contactCapsOf(org))),
      ]),
    ),
  };
}

/**
 * Sets the caps of some countries (a null removes a country's entry, back to its
 * jurisdiction's), refusing caps beyond what a country's law allows, on the contact record.
 */
export async function setContactCaps(
  db: Db,
  org: Organisation,
  changes: Record<string, ContactCapsSetting | null>,
  context: { actor: string; now: Date },
): Promise<Organisation> {
  const errors: FieldError[] = [];
  const next: Record<string, ContactCapsSetting> = { ...(org.settings.contact_caps ?? {}) };
  for (const [key, caps] of Object.entries(changes)) {
    const country = key === '*' ? key : key.toUpperCase();
    if (country !== '*' && !/^[A-Z]{2}$/.test(country)) {
      errors.push({ field: `contact_caps.${key}`, reason: 'is not an ISO 3166 two-letter country code or *' });
      continue;
    }
    if (caps === null) {
      delete next[country];
      continue;
    }
    if (!isCapsShape(caps)) {
      errors.push({ field: `contact_caps.${country}`, reason: 'must be {"calls": {"max", "per_days"}, "emails": {"max", "per_days"}, "messaging_min_hours"}' });
      continue;
    }
    for (const p of contactCapsProblems(country, fromSetting(caps)))
      errors.push({ field: `contact_caps.${country}.${apiField[p.field] ?? p.field}`, reason: p.reason });
    next[country] = caps;
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return inTransaction(db, async (trx) => {
    const updated = await setContactCapsSetting(trx, org.id, next);
    await appendInteraction(trx, org.id, {
      occurredAt: context.now,
      customerId: null,
      actor: context.actor,
      channel: 'system',
      kind: 'settings_changed',
      content: { settings: 'contact_caps', by_country: next },
    });
    return updated;
  });
}

/** Parses `regua org update --contact-caps` JSON: the same object as the API's by_country. */
export function parseContactCapsOption(text: string): Record<string, ContactCapsSetting | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError([
      {
        field: 'contact_caps',
        reason:
          'must be a JSON object of country → caps, e.g. {"US": {"calls": {"max": 7, "per_days": 7}, "emails": {"max": 5, "per_days": 7}, "messaging_min_hours": 48}}',
      },
    ]);
  }
  return parsed as Record<string, ContactCapsSetting | null>;
}

function isCapsShape(value: unknown): value is ContactCapsSetting {
  const v = value as Partial<ContactCapsSetting> | null;
  const cap = (c: unknown) =>
    typeof c === 'object' && c !== null && typeof (c as { max?: unknown }).max === 'number' && typeof (c as { per_days?: unknown }).per_days === 'number';
  return typeof v === 'object' && v !== null && cap(v.calls) && cap(v.emails) && typeof v.messaging_min_hours === 'number';
}

const apiField: Record<string, string> = {
  'callAttempts.max': 'calls.max',
  'callAttempts.perDays': 'calls.per_days',
  callAttempts: 'calls',
  'emails.max': 'emails.max',
  'emails.perDays': 'emails.per_days',
  messagingMinHours: 'messaging_min_hours',
};

function fromSetting(s: ContactCapsSetting): ContactCaps {
  return {
    callAttempts: { max: s.calls.max, perDays: s.calls.per_days },
    emails: { max: s.emails.max, perDays: s.emails.per_days },
    messagingMinHours: s.messaging_min_hours,
  };
}

function toSetting(c: ContactCaps): ContactCapsSetting {
  return {
    calls: { max: c.callAttempts.max, per_days: c.callAttempts.perDays },
    emails: { max: c.emails.max, per_days: c.emails.perDays },
    messaging_min_hours: c.messagingMinHours,
  };
}
