import type { JurisdictionRules } from './jurisdiction.ts';
import { isKnownCurrency } from './money.ts';

/**
 * A business's payment policy as data (stored as JSON): when an invoice falls due, how long
 * the grace period is, and what is discounted or charged around the due date. Rates are
 * basis points (1 bps = 0.01 %); jurisdiction caps are applied later, by chargesOn.
 */
export type LateFee = { readonly kind: 'percent'; readonly bps: number } | { readonly kind: 'fixed'; readonly amountMinor: number; readonly currency: string };

export interface PaymentTermsRules {
  /** Days from issue to due date. */
  readonly netDays: number;
  /** Days after the due date during which no late charge applies at all. */
  readonly graceDays: number;
  readonly earlyPaymentDiscount?: { readonly bps: number; readonly daysBeforeDue: number };
  readonly lateFee?: LateFee;
  /** Simple default interest, pro rata per day over a 30-day month. */
  readonly interest?: { readonly monthlyBps: number; readonly basis: 'simple_pro_rata_30' };
  /**
   * Where the jurisdiction has statutory B2B late-payment rules (Spain, Ley 3/2004), charge
   * business debtors those (ECB + 8 points and EUR 40) instead of lateFee and interest.
   */
  readonly statutoryB2B?: boolean;
}

export interface PaymentTermsError {
  /** Dotted path into the input, e.g. 'lateFee.currency'; '' for the input itself. */
  readonly path: string;
  readonly message: string;
}

export type ValidatePaymentTermsResult = { ok: true; value: PaymentTermsRules } | { ok: false; errors: PaymentTermsError[] };

const maxDays = 365;
const maxBps = 10_000;

type Errors = PaymentTermsError[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknown(record: Record<string, unknown>, allowed: readonly string[], prefix: string, errors: Errors): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) errors.push({ path: prefix + key, message: 'is not a payment-terms field' });
  }
}

function wholeNumber(value: unknown, path: string, min: number, max: number, errors: Errors): number | undefined {
  if (value === undefined) {
    errors.push({ path, message: 'is required' });
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    errors.push({ path, message: `must be a whole number from ${min} to ${max}` });
    return undefined;
  }
  return value;
}

function objectAt(value: unknown, path: string, errors: Errors): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  errors.push({ path, message: 'must be an object' });
  return undefined;
}

/** Checks untrusted input (a JSON body, a stored row) and returns a clean copy of the rules. */
export function validatePaymentTerms(input: unknown): ValidatePaymentTermsResult {
  const errors: Errors = [];
  const root = objectAt(input, '', errors);
  if (!root) return { ok: false, errors };
  rejectUnknown(root, ['netDays', 'graceDays', 'earlyPaymentDiscount', 'lateFee', 'interest', 'statutoryB2B'], '', errors);

  const netDays = wholeNumber(root.netDays, 'netDays', 0, maxDays, errors);
  const graceDays = wholeNumber(root.graceDays, 'graceDays', 0, maxDays, errors);

  let earlyPaymentDiscount: PaymentTermsRules['earlyPaymentDiscount'];
  if (root.earlyPaymentDiscount !== undefined) {
    const discount = objectAt(root.earlyPaymentDiscount, 'earlyPaymentDiscount', errors);
    if (discount) {
      rejectUnknown(discount, ['bps', 'daysBeforeDue'], 'earlyPaymentDiscount.', errors);
      const bps = wholeNumber(discount.bps, 'earlyPaymentDiscount.bps', 0, maxBps, errors);
      // Paying more days early than the term is long would mean paying before the invoice exists.
      const daysBeforeDue = wholeNumber(discount.daysBeforeDue, 'earlyPaymentDiscount.daysBeforeDue', 0, netDays ?? maxDays, errors);
      if (bps !== undefined && daysBeforeDue !== undefined) earlyPaymentDiscount = { bps, daysBeforeDue };
    }
  }

  let lateFee: LateFee | undefined;
  if (root.lateFee !== undefined) {
    const fee = objectAt(root.lateFee, 'lateFee', errors);
    if (fee?.kind === 'percent') {
      rejectUnknown(fee, ['kind', 'bps'], 'lateFee.', errors);
      const bps = wholeNumber(fee.bps, 'lateFee.bps', 0, maxBps, errors);
      if (bps !== undefined) lateFee = { kind: 'percent', bps };
    } else if (fee?.kind === 'fixed') {
      rejectUnknown(fee, ['kind', 'amountMinor', 'currency'], 'lateFee.', errors);
      const amountMinor = wholeNumber(fee.amountMinor, 'lateFee.amountMinor', 0, Number.MAX_SAFE_INTEGER, errors);
      const currency = fee.currency;
      if (typeof currency !== 'string' || !isKnownCurrency(currency)) {
        errors.push({ path: 'lateFee.currency', message: 'must be an ISO 4217 currency code such as BRL' });
      } else if (amountMinor !== undefined) {
        lateFee = { kind: 'fixed', amountMinor, currency };
      }
    } else if (fee) {
      errors.push({ path: 'lateFee.kind', message: 'must be "percent" or "fixed"' });
    }
  }

  let interest: PaymentTermsRules['interest'];
  if (root.interest !== undefined) {
    const rate = objectAt(root.interest, 'interest', errors);
    if (rate) {
      rejectUnknown(rate, ['monthlyBps', 'basis'], 'interest.', errors);
      const monthlyBps = wholeNumber(rate.monthlyBps, 'interest.monthlyBps', 0, maxBps, errors);
      if (rate.basis !== 'simple_pro_rata_30') {
        errors.push({ path: 'interest.basis', message: 'must be "simple_pro_rata_30"' });
      } else if (monthlyBps !== undefined) {
        interest = { monthlyBps, basis: 'simple_pro_rata_30' };
      }
    }
  }

  if (root.statutoryB2B !== undefined && typeof root.statutoryB2B !== 'boolean') {
    errors.push({ path: 'statutoryB2B', message: 'must be true or false' });
  }

  if (errors.length > 0 || netDays === undefined || graceDays === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      netDays,
      graceDays,
      ...(earlyPaymentDiscount && { earlyPaymentDiscount }),
      ...(lateFee && { lateFee }),
      ...(interest && { interest }),
      ...(typeof root.statutoryB2B === 'boolean' && { statutoryB2B: root.statutoryB2B }),
    },
  };
}

/**
 * The policy a new business in a country starts from: what a local finance lead would
 * expect and the law allows. Brazil charges the usual 2 % fine and 1 % a month; Spain relies
 * on the statutory B2B rules; the US and Mexico charge nothing unless the business says so.
 */
export function defaultPaymentTerms(country: string): PaymentTermsRules {
  switch (country.trim().toUpperCase()) {
    case 'BR':
      return {
        netDays: 30,
        graceDays: 0,
        lateFee: { kind: 'percent', bps: 200 },
        interest: { monthlyBps: 100, basis: 'simple_pro_rata_30' },
      };
    case 'ES':
      return { netDays: 30, graceDays: 0, statutoryB2B: true };
    default:
      return { netDays: 30, graceDays: 0 };
  }
}

/** A stored version of payment terms and whom it applies to. */
export interface StoredPaymentTerms {
  readonly id: string;
  readonly name: string;
  readonly scope: 'organisation' | 'segment' | 'customer';
  readonly segment: string | null;
  readonly isDefault: boolean;
  readonly version: number;
  readonly rules: unknown;
}

export interface TermsHolder {
  readonly paymentTermsId: string | null;
  readonly segment: string | null;
  readonly country: string;
}

/**
 * The stored terms a customer is held to: its own (customers.payment_terms_id), else the newest
 * terms of its segment, else the organisation's default; undefined when none is on file.
 */
export function applicablePaymentTerms(stored: readonly StoredPaymentTerms[], customer: TermsHolder): StoredPaymentTerms | undefined {
  const own = customer.paymentTermsId ? stored.find((t) => t.id === customer.paymentTermsId) : undefined;
  const segment = customer.segment
    ? stored.filter((t) => t.scope === 'segment' && t.segment === customer.segment).sort((a, b) => b.version - a.version)[0]
    : undefined;
  return own ?? segment ?? stored.find((t) => t.isDefault);
}

/**
 * The rules of applicablePaymentTerms, validated again; without stored terms (or with a row
 * that no longer validates) the country's default.
 */
export function paymentTermsOfCustomer(stored: readonly StoredPaymentTerms[], customer: TermsHolder): PaymentTermsRules {
  const chosen = applicablePaymentTerms(stored, customer);
  const validated = chosen ? validatePaymentTerms(chosen.rules) : undefined;
  return validated?.ok ? validated.value : defaultPaymentTerms(customer.country);
}

/**
 * Whether terms stay within the legal caps of the jurisdiction for every kind of debtor they
 * reach (a business's default reaches both; a customer's own terms only its kind): a fee or a
 * rate the law would cut is refused when the terms are saved rather than silently capped on
 * every reminder. A fixed late fee has no rate to compare and is capped by chargesOn.
 */
export function termsOverLegalCaps(
  rules: PaymentTermsRules,
  jurisdiction: JurisdictionRules,
  parties: readonly ('consumer' | 'business')[],
): PaymentTermsError[] {
  const errors: PaymentTermsError[] = [];
  const feeCaps = parties.map((p) => (p === 'consumer' ? jurisdiction.consumerLateFeeMaxBps : jurisdiction.businessLateFeeMaxBps));
  // The loosest cap among the parties reached: terms for everyone may not exceed what any of them allows.
  const feeCap = feeCaps.some((c) => c === undefined) ? undefined : Math.max(...(feeCaps as number[]));
  if (rules.lateFee?.kind === 'percent' && feeCap !== undefined && rules.lateFee.bps > feeCap) {
    errors.push({ path: 'lateFee.bps', message: `exceeds the ${jurisdiction.country} cap of ${feeCap} bps for ${parties.join(' and ')} debtors` });
  }
  const interestCap = jurisdiction.monthlyInterestMaxBps;
  if (rules.interest && interestCap !== undefined && rules.interest.monthlyBps > interestCap) {
    errors.push({ path: 'interest.monthlyBps', message: `exceeds the ${jurisdiction.country} cap of ${interestCap} bps a month` });
  }
  if (rules.statutoryB2B && !jurisdiction.statutoryB2B)
    errors.push({ path: 'statutoryB2B', message: `${jurisdiction.country} has no statutory B2B late-payment rules` });
  return errors;
}
