/**
 * Legal caps and statutory defaults on late charges, per country, as data. Rates are basis
 * points (1 bps = 0.01 %). An absent cap means the law sets no general number and the
 * business's own policy stands; a business with stricter local rules (a US state's usury
 * law, say) passes its own JurisdictionRules to chargesOn instead of this table's.
 */
export interface StatutoryB2BRules {
  /** The ECB main refinancing rate, in bps, of the half-year the debt falls in. */
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

/**
 * ECB main refinancing rate in force since 2025-06-11 (2.15 %), which made Spain's
 * statutory B2B rate 10.15 % for the second half of 2025. Ley 3/2004 uses the rate in force
 * on the first day of each half-year (published in the BOE): callers pass the current one
 * as ecbRateBps; this default only keeps the Spanish rules usable without it.
 */
export const DEFAULT_ECB_RATE_BPS = 215;

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
      const referenceRateBps = options.ecbRateBps ?? DEFAULT_ECB_RATE_BPS;
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
