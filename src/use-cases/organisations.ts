import type { Db } from '../db/database.ts';
import type { Organisation } from '../db/schema.ts';
import { agingBuckets } from '../domain/aging.ts';
import { isValidTimeZone } from '../domain/dates.ts';
import { parseAmount } from '../domain/money.ts';
import type { FieldError } from '../domain/field-error.ts';
import { validateTaxId } from '../domain/tax-id.ts';
import { validateBoletoSettings, type BoletoSettings } from '../payments/boleto/agreement.ts';
import { pixKeyType } from '../payments/pix/br-code.ts';
import { firstOrganisation, insertOrganisation, organisationBySlug, updateOrganisationRow } from '../stores/organisations.ts';
import { UserError, ValidationError } from './errors.ts';

const defaultOrganisationSlug = 'default';

/**
 * The organisation a command acts on: the one named by --org, or the first one ever
 * created (made on first start when there is none).
 */
export async function resolveOrganisation(db: Db, slug?: string): Promise<Organisation> {
  if (slug) {
    const found = await organisationBySlug(db, slug);
    if (!found) throw new UserError(`unknown organisation "${slug}" (create it with: regua org create ${slug} --name "…")`);
    return found;
  }
  const first = await firstOrganisation(db);
  return first ?? createOrganisation(db, { slug: defaultOrganisationSlug, name: 'Minha Empresa Ltda' });
}

export interface NewOrganisation {
  slug: string;
  name: string;
  legalName?: string;
  taxId?: string;
  address?: string;
  country?: string;
  timezone?: string;
  defaultCurrency?: string;
}

export async function createOrganisation(db: Db, input: NewOrganisation): Promise<Organisation> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(input.slug)) {
    throw new UserError(`organisation slug "${input.slug}" must be lower-case letters, digits and dashes`);
  }
  const created = await insertOrganisation(db, {
    slug: input.slug,
    name: input.name,
    legal_name: input.legalName ?? input.name,
    tax_id: input.taxId ?? null,
    address: input.address ?? null,
    ...(input.country ? { country: input.country } : {}),
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...(input.defaultCurrency ? { default_currency: input.defaultCurrency } : {}),
  });
  return created ?? (await organisationBySlug(db, input.slug))!;
}

export interface OrganisationChanges {
  name?: string;
  legalName?: string;
  taxId?: string;
  address?: string;
  /** The city of the business (the Pix code's merchant city, EMV tag 60). */
  city?: string;
  timezone?: string;
  pixKey?: string;
  /** The boleto agreement as JSON (see payments/boleto/agreement.ts), or "none" to remove it. */
  boleto?: string;
  /** "on" / "off": thank-you receipts by e-mail when a payment settles invoices. */
  receipts?: string;
  runAt?: string;
  agingBuckets?: string;
  /** "0.50" (the default currency) or "BRL:0.50,USD:1.00": how far a bank line of a payer known by tax id may be from an open invoice and still be suggested for it. */
  matchTolerance?: string;
  /** "on_payment" (default) or "on_demand": when late charges become booked receivables. */
  chargesBooking?: string;
  /** Days a debtor's personal data is kept after the last activity once the debt is closed (privacy sweep). */
  retentionDays?: string;
}

const chargesBookings = ['on_payment', 'on_demand'] as const;
export type ChargesBooking = (typeof chargesBookings)[number];

/**
 * When late charges are booked: as of the day a payment arrives (default), or as soon as a
 * reminder demands them (as of its send date). Either way once per invoice.
 */
export function chargesBooking(org: Pick<Organisation, 'settings'>): ChargesBooking {
  return org.settings.charges_booking === 'on_demand' ? 'on_demand' : 'on_payment';
}

/** Changes the identity printed on collection messages and the business settings, validated. */
export async function updateOrganisation(db: Db, org: Organisation, changes: OrganisationChanges): Promise<Organisation> {
  const errors: FieldError[] = [];
  let taxId: string | undefined;
  if (changes.taxId !== undefined) {
    const result = validateTaxId(org.country, changes.taxId);
    if (result.ok) taxId = result.normalized;
    else errors.push({ field: 'tax_id', reason: result.reason });
  }
  if (changes.timezone !== undefined && !isValidTimeZone(changes.timezone))
    errors.push({ field: 'timezone', reason: `"${changes.timezone}" is not an IANA time zone` });
  if (changes.runAt !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(changes.runAt))
    errors.push({ field: 'run_at', reason: `"${changes.runAt}" is not a time like 08:00` });
  if (changes.pixKey !== undefined && pixKeyType(changes.pixKey) === undefined)
    errors.push({ field: 'pix_key', reason: `"${changes.pixKey}" is not a Pix key (CPF, CNPJ, +55 phone, e-mail or random key)` });
  let boleto: BoletoSettings | null | undefined;
  if (changes.boleto !== undefined) {
    if (changes.boleto.trim() === 'none') boleto = null;
    else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(changes.boleto);
      } catch {
        parsed = undefined;
      }
      const result = validateBoletoSettings(parsed);
      if (result.ok) boleto = result.value;
      else errors.push(...result.errors);
    }
  }
  if (changes.city !== undefined && !/\p{L}/u.test(changes.city)) errors.push({ field: 'city', reason: `"${changes.city}" is not a city name` });
  if (changes.receipts !== undefined && !['on', 'off'].includes(changes.receipts))
    errors.push({ field: 'receipts', reason: `"${changes.receipts}" is not on or off` });
  // on-demand (CLI) and on_demand (stored) are the same choice.
  const booking = changes.chargesBooking?.replace('-', '_');
  if (booking !== undefined && !(chargesBookings as readonly string[]).includes(booking)) {
    errors.push({ field: 'charges_booking', reason: `"${changes.chargesBooking}" is not on-payment or on-demand` });
  }
  let bounds: number[] | undefined;
  if (changes.agingBuckets !== undefined) {
    bounds = changes.agingBuckets.split(',').map(Number);
    try {
      agingBuckets(bounds);
    } catch (error) {
      errors.push({ field: 'aging_buckets', reason: (error as Error).message });
    }
  }
  let matchTolerance: Record<string, number> | undefined;
  if (changes.matchTolerance !== undefined) {
    matchTolerance = {};
    for (const part of changes.matchTolerance
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [currency, amount] = part.includes(':') ? (part.split(':') as [string, string]) : [org.default_currency, part];
      const parsed = parseAmount(amount.trim(), currency.trim().toUpperCase());
      if (parsed.ok && parsed.minor >= 0) matchTolerance[currency.trim().toUpperCase()] = parsed.minor;
      else errors.push({ field: 'match_tolerance', reason: `"${part}" is not an amount such as 0.50 or BRL:0.50${parsed.ok ? '' : ` (${parsed.reason})`}` });
    }
  }
  const retentionDays = changes.retentionDays === undefined ? undefined : Number(changes.retentionDays);
  if (retentionDays !== undefined && !(Number.isInteger(retentionDays) && retentionDays >= 30))
    errors.push({ field: 'retention_days', reason: `"${changes.retentionDays}" is not a whole number of days, at least 30` });
  if (errors.length > 0) throw new ValidationError(errors);
  const settings: Record<string, unknown> = {
    ...org.settings,
    ...(changes.pixKey !== undefined ? { pix_key: changes.pixKey } : {}),
    ...(changes.city !== undefined ? { city: changes.city.trim() } : {}),
    ...(boleto ? { boleto } : {}),
    ...(changes.receipts !== undefined ? { payment_receipts: changes.receipts === 'on' } : {}),
    ...(changes.runAt !== undefined ? { run_at: changes.runAt } : {}),
    ...(bounds ? { aging_buckets: bounds } : {}),
    ...(matchTolerance ? { match_tolerance_minor: matchTolerance } : {}),
    ...(booking !== undefined ? { charges_booking: booking } : {}),
    ...(retentionDays !== undefined ? { retention_days: retentionDays } : {}),
  };
  if (boleto === null) delete settings.boleto;
  return updateOrganisationRow(db, org.id, {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.legalName !== undefined ? { legal_name: changes.legalName } : {}),
    ...(taxId !== undefined ? { tax_id: taxId } : {}),
    ...(changes.address !== undefined ? { address: changes.address } : {}),
    ...(changes.timezone !== undefined ? { timezone: changes.timezone } : {}),
    settings: JSON.stringify(settings),
  });
}

/** The city the organisation gave (`settings.city`), else the one read from its address. */
export function organisationCity(org: Pick<Organisation, 'settings' | 'address'>): string {
  const city = (org.settings as { city?: unknown }).city;
  return typeof city === 'string' && city !== '' ? city : cityOfAddress(org.address);
}

/** "Rua Augusta, 1500, São Paulo - SP, 01304-001" → "São Paulo": the last part with letters, without its state. */
function cityOfAddress(address: string | null): string {
  const part = address
    ?.split(',')
    .map((p) => p.trim())
    .filter((p) => /\p{L}{2}/u.test(p))
    .at(-1);
  return part?.replace(/\s*[-/]\s*\p{L}{2}$/u, '') || 'BRASIL';
}
