import { addDays, type IsoDate } from '../domain/dates.ts';
import { divideRounded, formatAmount } from '../domain/money.ts';
import { amountsBySegment, countryWeights, locales, termsBySegment, type Country } from './locales.ts';
import { generateCustomerProfile, type CustomerProfile } from './people.ts';
import { createRandom, mixSeed } from './random.ts';
import type { Archetype, CustomerRow } from './rows.ts';

/**
 * A demo customer: who they are (the CSV row) and how they buy and pay (the behaviour the
 * history generator follows). Depends only on (seed, index, asOf), so customer 70 422 is the
 * same whether 100 or 100 000 customers are generated.
 */
export interface DemoCustomer {
  readonly seed: number;
  readonly index: number;
  readonly row: CustomerRow;
  readonly profile: CustomerProfile;
  readonly archetype: Archetype;
  /** First day invoices may be issued (a year back, or later for a new customer). */
  readonly since: IsoDate;
  /** Last day invoices may be issued: asOf, or shortly after a defaulted customer stopped paying. */
  readonly until: IsoDate;
  /** Defaulted customers: invoices falling due from about this date on are never paid. */
  readonly defaultedOn: IsoDate | null;
  readonly termsDays: number;
  readonly medianInvoiceMinor: number;
  readonly amountSigma: number;
  /** Services billed as a fixed monthly fee, or null when every invoice differs. */
  readonly fixedFeeMinor: number | null;
}

const archetypeWeights: readonly (readonly [Archetype, number])[] = [
  ['punctual', 55],
  ['slightly_late', 25],
  ['chronic_late', 13],
  ['defaulted', 7],
];

export const historyDays = 365;

function customerExternalId(index: number): string {
  return `CUS-${String(index + 1).padStart(6, '0')}`;
}

export function generateCustomer(seed: number, index: number, asOf: IsoDate, countries?: readonly Country[]): DemoCustomer {
  const random = createRandom(mixSeed(seed, index, 1));
  const weights = countries ? countryWeights.filter(([c]) => countries.includes(c)) : countryWeights;
  const country = random.weighted(weights);
  const profile = generateCustomerProfile(random, country, asOf);
  const locale = locales[country];
  const archetype = random.weighted(archetypeWeights);

  let since = addDays(asOf, -historyDays);
  let until = asOf;
  let defaultedOn: IsoDate | null = null;
  if (archetype === 'defaulted') {
    // Stopped paying one to nine months ago and was cut off from credit a few weeks later.
    defaultedOn = addDays(asOf, -random.int(40, 270));
    const cutOff = addDays(defaultedOn, random.int(0, 30));
    until = cutOff < asOf ? cutOff : asOf;
  } else if (random.chance(0.2)) {
    since = addDays(asOf, -random.int(30, historyDays - 30));
  }

  const terms = termsBySegment[profile.segment];
  let termsDays = random.weighted(terms);
  if (locale.maxTermsDays !== undefined && termsDays > locale.maxTermsDays) termsDays = locale.maxTermsDays;

  const amounts = amountsBySegment[profile.segment];
  const size = random.logNormal(1, 0.6) * (profile.kind === 'individual' ? 0.3 : 1);
  const medianInvoiceMinor = Math.max(1_000, Math.round(amounts.median * 100 * locale.amountScale * size));
  // A monthly fee is a round amount: to the nearest 10 units of the currency.
  const fixedFeeMinor = profile.segment === 'services' && random.chance(0.6) ? Math.max(1_000, divideRounded(medianInvoiceMinor, 1_000) * 1_000) : null;

  return {
    seed,
    index,
    profile,
    archetype,
    since,
    until,
    defaultedOn,
    termsDays,
    medianInvoiceMinor,
    amountSigma: amounts.sigma,
    fixedFeeMinor,
    row: {
      external_id: customerExternalId(index),
      name: profile.name,
      tax_id: profile.taxId,
      email: profile.email,
      phone: profile.phone,
      whatsapp: profile.whatsapp,
      language: profile.language,
      timezone: profile.timezone,
      country,
      segment: profile.segment,
      credit_limit: creditLimit(random.next(), random.int(4, 10), medianInvoiceMinor, profile),
    },
  };
}

/** Several months of typical purchases, to two significant figures (at least 100 units); a tenth have none set. */
function creditLimit(draw: number, months: number, medianInvoiceMinor: number, profile: CustomerProfile): string {
  if (draw < 0.1) return '';
  const raw = medianInvoiceMinor * months;
  let step = 10_000; // 100 units of a two-decimal currency
  while (raw >= step * 100) step *= 10;
  const limit = Math.max(step, divideRounded(raw, step) * step);
  return formatAmount(limit, profile.currency);
}
