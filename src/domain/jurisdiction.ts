import { addDays, type IsoDate } from './dates.ts';

/**
 * Legal caps and statutory defaults on late charges, per country, as data. Rates are basis
 * points (1 bps = 0.01 %). An absent cap means the law sets no general number and the
 * business's own policy stands; a business with stricter local rules (a US state's usury
 * law, say) passes its own JurisdictionRules to chargesOn instead of this table's.
 */
export interface StatutoryB2BRules {
  /** The ECB main refinancing rate, in bps, of the half-year the debt falls in (statutoryEcbRateBps). */
  readonly referenceRateBps: number;
  /** Points added to the reference rate: 800 (Ley 3/2004 art. 7). */
  readonly addedBps: number;
  /** Fixed compensation per late invoice, EUR minor units: 4000 = EUR 40 (Ley 3/2004 art. 8). */
  readonly fixedCompensationMinor: number;
}

export interface JurisdictionRules {
  /** ISO 3166-1 alpha-2, upper case (the generic fallback keeps the code it was asked for). */
  readonly country: string;
  /** Cap on a late fee charged to a consumer, bps of the open amount (BR: 200, CDC art. 52 §1). */
  readonly consumerLateFeeMaxBps?: number;
  readonly businessLateFeeMaxBps?: number;
  /** Cap on default interest per month, any party (BR: 100 = 1 % a month). */
  readonly monthlyInterestMaxBps?: number;
  /** Statutory late-payment interest and compensation between businesses (ES). */
  readonly statutoryB2B?: StatutoryB2BRules;
  readonly notes: string;
}

/** A reference rate in force from a date until the next entry of its table. */
export interface ReferenceRate {
  readonly effectiveFrom: IsoDate;
  readonly rateBps: number;
}

/**
 * The ECB main refinancing operations rate, as changed by the Governing Council (effective
 * dates of the ECB's own table, ecb.europa.eu "Key ECB interest rates"). Organisations add
 * later changes (ecb_reference_rates); these rows need no configuration to be right.
 */
export const ecbMainRefinancingRates: readonly ReferenceRate[] = [
  { effectiveFrom: '2016-03-16', rateBps: 0 },
  { effectiveFrom: '2022-07-27', rateBps: 50 },
  { effectiveFrom: '2022-09-14', rateBps: 125 },
  { effectiveFrom: '2022-11-02', rateBps: 200 },
  { effectiveFrom: '2022-12-21', rateBps: 250 },
  { effectiveFrom: '2023-02-08', rateBps: 300 },
  { effectiveFrom: '2023-03-22', rateBps: 350 },
  { effectiveFrom: '2023-05-10', rateBps: 375 },
  { effectiveFrom: '2023-06-21', rateBps: 400 },
  { effectiveFrom: '2023-08-02', rateBps: 425 },
  { effectiveFrom: '2023-09-20', rateBps: 450 },
  { effectiveFrom: '2024-06-12', rateBps: 425 },
  { effectiveFrom: '2024-09-18', rateBps: 365 },
  { effectiveFrom: '2024-10-23', rateBps: 340 },
  { effectiveFrom: '2024-12-18', rateBps: 315 },
  { effectiveFrom: '2025-02-05', rateBps: 290 },
  { effectiveFrom: '2025-03-12', rateBps: 265 },
  { effectiveFrom: '2025-04-23', rateBps: 240 },
  { effectiveFrom: '2025-06-11', rateBps: 215 },
];

/** The shipped table with an organisation's own rows; an own row replaces a shipped one of the same date. Sorted. */
export function mergeRates(shipped: readonly ReferenceRate[], own: readonly ReferenceRate[]): ReferenceRate[] {
  const byDate = new Map(shipped.map((r) => [r.effectiveFrom, r]));
  for (const r of own) byDate.set(r.effectiveFrom, r);
  return [...byDate.values()].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}

/** The rate of the latest entry effective on or before `date`; undefined before the table starts. */
export function rateInForce(rates: readonly ReferenceRate[], date: IsoDate): number | undefined {
  let found: ReferenceRate | undefined;
  for (const r of rates) if (r.effectiveFrom <= date && (!found || r.effectiveFrom > found.effectiveFrom)) found = r;
  return found?.rateBps;
}

/**
 * Ley 3/2004 art. 7.2: the rate of the ECB's latest main refinancing operation before the
 * first day of the half-year (1 January or 1 July) — here, of the half-year the invoice fell
 * due in. 2025-09-30 → the rate in force on 2025-06-30 (2.15 %).
 */
export function statutoryEcbRateBps(rates: readonly ReferenceRate[], dueDate: IsoDate): number | undefined {
  const halfYearStart = `${dueDate.slice(0, 4)}-${dueDate.slice(5, 7) <= '06' ? '01' : '07'}-01`;
  return rateInForce(rates, addDays(halfYearStart, -1));
}

/** Escalation steps an organisation configures per debtor country. */
export const escalationSteps = ['bureau_listing', 'agency', 'court'] as const;
export type EscalationStep = (typeof escalationSteps)[number];

/**
 * Where nothing is configured: the credit-bureau flow (CDC art. 43 prior notice, negativação)
 * and the Juizado Especial Cível packet are Brazilian, so only Brazilian debtors get them; an
 * agency hand-off is a business decision possible anywhere.
 */
function defaultEscalationSteps(country: string): readonly EscalationStep[] {
  return country.trim().toUpperCase() === 'BR' ? escalationSteps : ['agency'];
}

/** The steps that apply to a debtor of `country`: the organisation's list for it, else the default. */
export function escalationStepsFor(country: string, configured: Readonly<Record<string, readonly string[]>>): readonly EscalationStep[] {
  const own = configured[country.trim().toUpperCase()];
  return own ? escalationSteps.filter((s) => own.includes(s)) : defaultEscalationSteps(country);
}

/** The language of the courts of a country: pt-BR for Brazil, es for Spanish-speaking countries, else en. */
export function courtLanguage(country: string): 'pt-BR' | 'es' | 'en' {
  const code = country.trim().toUpperCase();
  if (code === 'BR') return 'pt-BR';
  return spanishSpeaking.has(code) ? 'es' : 'en';
}

const spanishSpeaking = new Set(['ES', 'MX', 'AR', 'CL', 'CO', 'PE', 'UY', 'PY', 'BO', 'EC', 'VE', 'CR', 'PA', 'GT', 'HN', 'SV', 'NI', 'DO', 'CU']);

export function jurisdictionFor(country: string, options: { ecbRateBps?: number } = {}): JurisdictionRules {
  const code = country.trim().toUpperCase();
  switch (code) {
    case 'BR':
      return {
        country: 'BR',
        consumerLateFeeMaxBps: 200,
        monthlyInterestMaxBps: 100,
        notes:
          'CDC art. 52 §1: late fine at most 2 % in consumer contracts. Default interest capped at 1 % a month; ' +
          'between companies Lei 14.905/2024 art. 3 lifts the usury limit, so a business-to-business cap of 1 % ' +
          'is conservative and may be overridden.',
      };
    case 'ES': {
      // Without a rate from the caller, the latest shipped one keeps the Spanish rules usable.
      const referenceRateBps = options.ecbRateBps ?? ecbMainRefinancingRates.at(-1)!.rateBps;
      if (!Number.isSafeInteger(referenceRateBps)) throw new RangeError(`ECB rate ${referenceRateBps} must be a whole number of basis points`);
      return {
        country: 'ES',
        statutoryB2B: { referenceRateBps, addedBps: 800, fixedCompensationMinor: 4000 },
        notes:
          'Ley 3/2004 (B2B): statutory interest = ECB main refinancing rate + 8 points a year, plus EUR 40 ' +
          'compensation per late invoice. Does not apply to consumers.',
      };
    }
    case 'MX':
      return {
        country: 'MX',
        notes:
          'No statutory cap on agreed late charges; Código de Comercio art. 362 sets 6 % a year when none was ' +
          'agreed, and courts reduce usurious interest (SCJN 1a./J. 46/2014). Configure caps if needed.',
      };
    case 'US':
      return {
        country: 'US',
        notes: 'Late-fee and usury limits are set by each state; none applied by default. Configure per state.',
      };
    default:
      return { country: code, notes: 'No jurisdiction rules on file: the business policy applies uncapped.' };
  }
}
