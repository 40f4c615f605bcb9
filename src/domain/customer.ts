import { normalizeEmail, normalizePhone } from './contact-address.ts';
import { isValidTimeZone } from './dates.ts';
import type { FieldError, Validated } from './field-error.ts';
import { parseAmount, type DecimalStyle } from './money.ts';
import { textLimits, textProblem } from './text-limits.ts';
import { validateTaxId, type TaxIdKind } from './tax-id.ts';

export const supportedLanguages = ['pt-BR', 'es', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];

/** What a customer looks like when it comes in (CSV row or API body), all text. */
export interface CustomerInput {
  external_id: string;
  name: string;
  tax_id?: string;
  email?: string;
  phone?: string;
  whatsapp?: string;
  language?: string;
  timezone?: string;
  country: string;
  segment?: string;
  credit_limit?: string;
}

export interface CustomerRecord {
  externalId: string;
  name: string;
  taxId: string | null;
  taxIdKind: TaxIdKind | null;
  partyType: 'business' | 'consumer';
  country: string;
  language: Language;
  timezone: string;
  segment: string | null;
  creditLimitMinor: number | null;
  email: string | null;
  phone: string | null;
  whatsapp: string | null;
}

const countryDefaults: Record<string, { language: Language; timezone: string; currency: string }> = {
  BR: { language: 'pt-BR', timezone: 'America/Sao_Paulo', currency: 'BRL' },
  MX: { language: 'es', timezone: 'America/Mexico_City', currency: 'MXN' },
  ES: { language: 'es', timezone: 'Europe/Madrid', currency: 'EUR' },
  US: { language: 'en', timezone: 'America/New_York', currency: 'USD' },
};

export function countryCurrency(country: string): string {
  return countryDefaults[country]?.currency ?? 'USD';
}

const languageAliases: Record<string, Language> = {
  'pt-br': 'pt-BR',
  pt: 'pt-BR',
  pt_br: 'pt-BR',
  es: 'es',
  'es-mx': 'es',
  'es-es': 'es',
  en: 'en',
  'en-us': 'en',
};

/** Validates and normalises a customer; missing language and time zone follow the country. */
export function validateCustomer(input: CustomerInput, decimalStyle: DecimalStyle = 'point'): Validated<CustomerRecord> {
  const errors: FieldError[] = [];
  const text = (value: string | undefined) => value?.trim() ?? '';

  const externalId = text(input.external_id);
  const externalIdProblem = externalId ? textProblem(externalId, 100) : 'is required';
  if (externalIdProblem) errors.push({ field: 'external_id', reason: externalIdProblem });

  const name = text(input.name);
  if (!name) errors.push({ field: 'name', reason: 'is required' });
  for (const field of ['name', 'tax_id', 'segment', 'email', 'phone', 'whatsapp', 'language', 'timezone', 'country', 'credit_limit'] as const) {
    const problem = textProblem(input[field] ?? '', textLimits.name);
    if (problem) errors.push({ field, reason: problem });
  }

  const country = text(input.country).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) errors.push({ field: 'country', reason: `"${input.country}" is not a two-letter ISO 3166 country code` });
  const defaults = countryDefaults[country];

  let taxId: string | null = null;
  let taxIdKind: TaxIdKind | null = null;
  let partyType: 'business' | 'consumer' = 'business';
  if (text(input.tax_id) && /^[A-Z]{2}$/.test(country)) {
    const result = validateTaxId(country, text(input.tax_id));
    if (result.ok) {
      taxId = result.normalized;
      taxIdKind = result.kind;
      partyType = result.partyType;
    } else errors.push({ field: 'tax_id', reason: result.reason });
  }

  const rawLanguage = text(input.language);
  const language = rawLanguage ? languageAliases[rawLanguage.toLowerCase()] : (defaults?.language ?? 'en');
  if (!language) errors.push({ field: 'language', reason: `"${rawLanguage}" is not one of ${supportedLanguages.join(', ')}` });

  const timezone = text(input.timezone) || defaults?.timezone || 'UTC';
  if (!isValidTimeZone(timezone)) errors.push({ field: 'timezone', reason: `"${timezone}" is not an IANA time zone` });

  const email = optional(input.email, (v) => normalizeEmail(v), 'email', errors);
  const phone = optional(input.phone, (v) => normalizePhone(v, country), 'phone', errors);
  const whatsapp = optional(input.whatsapp, (v) => normalizePhone(v, country), 'whatsapp', errors);

  let creditLimitMinor: number | null = null;
  if (text(input.credit_limit)) {
    const parsed = parseAmount(text(input.credit_limit), countryCurrency(country), decimalStyle);
    if (!parsed.ok) errors.push({ field: 'credit_limit', reason: parsed.reason });
    else if (parsed.minor < 0) errors.push({ field: 'credit_limit', reason: 'must not be negative' });
    else creditLimitMinor = parsed.minor;
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      externalId,
      name,
      taxId,
      taxIdKind,
      partyType,
      country,
      language: language as Language,
      timezone,
      segment: text(input.segment) || null,
      creditLimitMinor,
      email,
      phone,
      whatsapp,
    },
  };
}

function optional(
  raw: string | undefined,
  normalize: (value: string) => { ok: true; value: string } | { ok: false; reason: string },
  field: string,
  errors: FieldError[],
): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const result = normalize(value);
  if (result.ok) return result.value;
  errors.push({ field, reason: result.reason });
  return null;
}
