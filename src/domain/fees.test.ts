import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { chargeKey, chargesOn, divideRoundedBig, earlyPaymentDiscount, type ChargesInput } from './fees.ts';
import { divideRounded } from './money.ts';
import { defaultPaymentTerms, type PaymentTermsRules } from './payment-terms.ts';

const brTerms = defaultPaymentTerms('BR'); // 2 % fine, 1 % a month

function brl(overrides: Partial<ChargesInput> = {}): ChargesInput {
  return {
    openMinor: 10_000,
    currency: 'BRL',
    dueDate: '2026-03-10',
    paidOn: '2026-03-20',
    partyType: 'consumer',
    country: 'BR',
    terms: brTerms,
    ...overrides,
  };
}

describe('chargesOn: Brazil', () => {
  it('R$ 100.00 paid 10 days late with a 2 % fine and 1 % a month is R$ 102.33', () => {
    // fine 100.00 × 2 % = 2.00; interest 100.00 × 1 % × 10 / 30 = 0.3333… → 0.33
    assert.deepEqual(chargesOn(brl()), {
      daysLate: 10,
      discountMinor: 0,
      lateFeeMinor: 200,
      interestMinor: 33,
      compensationMinor: 0,
      totalDueMinor: 10_233,
      capped: [],
    });
  });

  it('charges nothing when paid on the due date', () => {
    const charges = chargesOn(brl({ paidOn: '2026-03-10' }));
    assert.equal(charges.daysLate, 0);
    assert.equal(charges.totalDueMinor, 10_000);
  });

  it('caps a consumer fine at 2 % and interest at 1 % a month, and says so', () => {
    const terms: PaymentTermsRules = {
      netDays: 30,
      graceDays: 0,
      lateFee: { kind: 'percent', bps: 1000 },
      interest: { monthlyBps: 300, basis: 'simple_pro_rata_30' },
    };
    // 30 days late on R$ 500.00: fine 2 % = 10.00 (not 10 % = 50.00); interest 1 % × 30/30 = 5.00 (not 15.00)
    const charges = chargesOn(brl({ openMinor: 50_000, paidOn: '2026-04-09', terms }));
    assert.equal(charges.daysLate, 30);
    assert.equal(charges.lateFeeMinor, 1_000);
    assert.equal(charges.interestMinor, 500);
    assert.equal(charges.totalDueMinor, 51_500);
    assert.deepEqual(charges.capped, ['BR consumer late fee capped at 2 %', 'BR interest capped at 1 % a month']);
  });

  it('lets a business debtor pay the contractual fine above 2 %, interest still capped', () => {
    const terms: PaymentTermsRules = {
      netDays: 30,
      graceDays: 0,
      lateFee: { kind: 'percent', bps: 1000 },
      interest: { monthlyBps: 300, basis: 'simple_pro_rata_30' },
    };
    const charges = chargesOn(brl({ openMinor: 50_000, paidOn: '2026-04-09', terms, partyType: 'business' }));
    assert.equal(charges.lateFeeMinor, 5_000); // 10 % of 500.00
    assert.equal(charges.interestMinor, 500); // 1 % cap applies to every party (conservative)
    assert.deepEqual(charges.capped, ['BR interest capped at 1 % a month']);
  });

  it('keeps a policy below the caps as it is', () => {
    const terms: PaymentTermsRules = {
      netDays: 30,
      graceDays: 0,
      lateFee: { kind: 'percent', bps: 150 },
      interest: { monthlyBps: 50, basis: 'simple_pro_rata_30' },
    };
    // 1.5 % of 100.00 = 1.50; 0.5 % × 60/30 = 1 % = 1.00
    const charges = chargesOn(brl({ terms, paidOn: '2026-05-09' }));
    assert.equal(charges.daysLate, 60);
    assert.equal(charges.lateFeeMinor, 150);
    assert.equal(charges.interestMinor, 100);
    assert.deepEqual(charges.capped, []);
  });

  it('caps a fixed fine for a consumer at 2 % of the open amount', () => {
    const terms: PaymentTermsRules = { netDays: 30, graceDays: 0, lateFee: { kind: 'fixed', amountMinor: 1_000, currency: 'BRL' } };
    assert.equal(chargesOn(brl({ terms })).lateFeeMinor, 200); // R$ 10.00 fee on R$ 100.00 → 2.00
    assert.deepEqual(chargesOn(brl({ terms })).capped, ['BR consumer late fee capped at 2 %']);
    assert.equal(chargesOn(brl({ terms, openMinor: 100_000 })).lateFeeMinor, 1_000); // 2 % of 1000.00 = 20.00 > 10.00
    assert.equal(chargesOn(brl({ terms, partyType: 'business' })).lateFeeMinor, 1_000);
  });

  it('refuses a fixed fee in another currency than the invoice', () => {
    const terms: PaymentTermsRules = { netDays: 30, graceDays: 0, lateFee: { kind: 'fixed', amountMinor: 500, currency: 'USD' } };
    assert.throws(() => chargesOn(brl({ terms })), /currency mismatch: fixed late fee in USD on an amount in BRL/);
  });
});

describe('chargesOn: grace, discount and rounding', () => {
  const withGrace: PaymentTermsRules = { ...brTerms, graceDays: 5 };

  it('charges nothing within the grace period, then counts from the due date', () => {
    const inGrace = chargesOn(brl({ terms: withGrace, paidOn: '2026-03-15' }));
    assert.equal(inGrace.daysLate, 5);
    assert.equal(inGrace.totalDueMinor, 10_000);
    // Day 6: fine 2.00 and interest 100.00 × 1 % × 6 / 30 = 0.20 (six days, not one)
    const pastGrace = chargesOn(brl({ terms: withGrace, paidOn: '2026-03-16' }));
    assert.equal(pastGrace.lateFeeMinor, 200);
    assert.equal(pastGrace.interestMinor, 20);
    assert.equal(pastGrace.totalDueMinor, 10_220);
  });

  it('gives the early-payment discount only on or before due date − daysBeforeDue', () => {
    const terms: PaymentTermsRules = { ...brTerms, earlyPaymentDiscount: { bps: 200, daysBeforeDue: 10 } };
    const early = chargesOn(brl({ terms, paidOn: '2026-02-28' })); // exactly 10 days before 03-10
    assert.equal(early.discountMinor, 200);
    assert.equal(early.totalDueMinor, 9_800);
    assert.equal(chargesOn(brl({ terms, paidOn: '2026-02-01' })).discountMinor, 200);
    assert.equal(chargesOn(brl({ terms, paidOn: '2026-03-01' })).discountMinor, 0); // 9 days before
    assert.equal(chargesOn(brl({ terms, paidOn: '2026-03-01' })).totalDueMinor, 10_000);
  });

  it('rounds each component once, halves away from zero', () => {
    // R$ 15.00, 1 day at 1 % a month: 1500 × 100 × 1 / 300 000 = 0.5 cent → 1 cent (half-even would give 0)
    // fine 2 % of R$ 0.25 = 0.5 cent → 1 cent
    assert.equal(chargesOn(brl({ openMinor: 1_500, paidOn: '2026-03-11' })).interestMinor, 1);
    assert.equal(chargesOn(brl({ openMinor: 25, paidOn: '2026-03-11' })).lateFeeMinor, 1);
    // R$ 14.99: 0.4997 cent → 0
    assert.equal(chargesOn(brl({ openMinor: 1_499, paidOn: '2026-03-11' })).interestMinor, 0);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    const open = 4_503_599_627_370_497; // 2^52 + 1
    // fine: open × 2 / 100 = 90 071 992 547 409.94 → …410
    // interest 30 days at 1 %: open / 100 = 45 035 996 273 704.97 → …705
    const charges = chargesOn(brl({ openMinor: open, partyType: 'business', paidOn: '2026-04-09' }));
    assert.equal(charges.lateFeeMinor, 90_071_992_547_410);
    assert.equal(charges.interestMinor, 45_035_996_273_705);
    assert.equal(charges.totalDueMinor, 4_638_707_616_191_612);
  });

  it('charges nothing on a zero open amount and rejects bad input', () => {
    assert.equal(chargesOn(brl({ openMinor: 0, paidOn: '2027-01-01' })).totalDueMinor, 0);
    assert.throws(() => chargesOn(brl({ openMinor: -1 })), /non-negative/);
    assert.throws(() => chargesOn(brl({ openMinor: 1.5 })), /non-negative/);
    assert.throws(() => chargesOn(brl({ paidOn: '2026-02-30' })), /payment date/);
    assert.throws(() => chargesOn(brl({ dueDate: '10/03/2026' })), /due date/);
  });
});

describe('chargesOn: Spain, Ley 3/2004', () => {
  const eur = (overrides: Partial<ChargesInput>): ChargesInput => ({
    openMinor: 100_000,
    currency: 'EUR',
    dueDate: '2026-01-15',
    paidOn: '2026-02-14',
    partyType: 'business',
    country: 'ES',
    terms: defaultPaymentTerms('ES'),
    ecbRateBps: 215,
    ...overrides,
  });

  it('charges a business ECB + 8 points a year pro rata over 365 days and EUR 40', () => {
    // EUR 1 000.00, 30 days at 2.15 % + 8 % = 10.15 % a year:
    // 100 000 × 1015 × 30 / (10 000 × 365) = 834.246… → 834 cents
    assert.deepEqual(chargesOn(eur({})), {
      daysLate: 30,
      discountMinor: 0,
      lateFeeMinor: 0,
      interestMinor: 834,
      compensationMinor: 4_000,
      totalDueMinor: 104_834,
      capped: [],
    });
  });

  it('takes the ECB rate of the half-year the invoice fell due in from the dated table', () => {
    const { ecbRateBps: _given, ...dated } = eur({});
    // Due 2024-03-01: the rate before 1 Jan 2024 was 4.50 % → 12.5 % a year, 73 days → EUR 25.00.
    assert.equal(chargesOn({ ...dated, dueDate: '2024-03-01', paidOn: addDays('2024-03-01', 73) }).interestMinor, 2_500);
    // Due 2025-09-30: the rate before 1 Jul 2025 was 2.15 % → 10.15 %, 30 days → 834 cents.
    assert.equal(chargesOn({ ...dated, dueDate: '2025-09-30', paidOn: addDays('2025-09-30', 30) }).interestMinor, 834);
    // An organisation's own table: 3.00 % from 2026-06-01 applies to a debt due in the second half of 2026.
    const own = [{ effectiveFrom: '2026-06-01', rateBps: 300 }];
    assert.equal(chargesOn({ ...dated, ecbRates: own, dueDate: '2026-07-15', paidOn: addDays('2026-07-15', 73) }).interestMinor, 2_200);
  });

  it('follows the ECB rate it is given', () => {
    // 4.50 % + 8 % = 12.5 %: 100 000 × 1250 × 73 / 3 650 000 = 2500 exactly
    assert.equal(chargesOn(eur({ ecbRateBps: 450, paidOn: addDays('2026-01-15', 73) })).interestMinor, 2_500);
  });

  it('replaces a contractual fee and interest for businesses, keeps them for consumers', () => {
    const terms: PaymentTermsRules = {
      netDays: 30,
      graceDays: 0,
      statutoryB2B: true,
      lateFee: { kind: 'percent', bps: 500 },
      interest: { monthlyBps: 100, basis: 'simple_pro_rata_30' },
    };
    const business = chargesOn(eur({ terms }));
    assert.equal(business.lateFeeMinor, 0);
    assert.equal(business.interestMinor, 834);
    assert.equal(business.compensationMinor, 4_000);
    // Consumer: 5 % of 1000.00 = 50.00; 1 % × 30/30 = 10.00; no statutory compensation
    const consumer = chargesOn(eur({ terms, partyType: 'consumer' }));
    assert.deepEqual([consumer.lateFeeMinor, consumer.interestMinor, consumer.compensationMinor], [5_000, 1_000, 0]);
  });

  it('charges consumers nothing under the Spanish default terms', () => {
    assert.equal(chargesOn(eur({ partyType: 'consumer' })).totalDueMinor, 100_000);
  });

  it('charges the EUR 40 once, however late', () => {
    assert.equal(chargesOn(eur({ paidOn: '2026-01-16' })).compensationMinor, 4_000);
    assert.equal(chargesOn(eur({ paidOn: '2028-01-16' })).compensationMinor, 4_000);
  });
});

describe('chargesOn: no caps in the US and Mexico', () => {
  it('applies the business policy as written', () => {
    const terms: PaymentTermsRules = {
      netDays: 30,
      graceDays: 0,
      lateFee: { kind: 'percent', bps: 500 },
      interest: { monthlyBps: 150, basis: 'simple_pro_rata_30' },
    };
    for (const country of ['US', 'MX']) {
      // USD 200.00, 20 days: fee 5 % = 10.00; interest 1.5 % × 20/30 = 1 % = 2.00
      const charges = chargesOn({ openMinor: 20_000, currency: 'USD', dueDate: '2026-06-01', paidOn: '2026-06-21', partyType: 'consumer', country, terms });
      assert.deepEqual([charges.lateFeeMinor, charges.interestMinor, charges.totalDueMinor, charges.capped], [1_000, 200, 21_200, []], country);
    }
    assert.equal(
      chargesOn({
        openMinor: 20_000,
        currency: 'USD',
        dueDate: '2026-06-01',
        paidOn: '2026-06-21',
        partyType: 'consumer',
        country: 'US',
        terms: defaultPaymentTerms('US'),
      }).totalDueMinor,
      20_000,
    );
  });

  it('uses caps the caller configures for a state', () => {
    const terms: PaymentTermsRules = { netDays: 30, graceDays: 0, lateFee: { kind: 'percent', bps: 1000 } };
    const jurisdiction = { country: 'US-XX', consumerLateFeeMaxBps: 500, notes: 'a state cap' };
    const charges = chargesOn({
      openMinor: 20_000,
      currency: 'USD',
      dueDate: '2026-06-01',
      paidOn: '2026-06-21',
      partyType: 'consumer',
      country: 'US',
      terms,
      jurisdiction,
    });
    assert.equal(charges.lateFeeMinor, 1_000);
    assert.deepEqual(charges.capped, ['US-XX consumer late fee capped at 5 %']);
  });
});

describe('chargeKey', () => {
  it('names one component of one invoice, the same every time', () => {
    assert.equal(chargeKey('inv_42', 'late_fee'), 'charge:inv_42:late_fee');
    assert.notEqual(chargeKey('inv_42', 'late_fee'), chargeKey('inv_42', 'interest'));
    assert.notEqual(chargeKey('inv_42', 'late_fee'), chargeKey('inv_43', 'late_fee'));
    assert.throws(() => chargeKey('', 'interest'), /empty/);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('charges: properties', () => {
  const termsArb: fc.Arbitrary<PaymentTermsRules> = fc.record(
    {
      netDays: fc.integer({ min: 0, max: 90 }),
      graceDays: fc.integer({ min: 0, max: 15 }),
      earlyPaymentDiscount: fc.record({ bps: fc.integer({ min: 0, max: 1000 }), daysBeforeDue: fc.integer({ min: 0, max: 20 }) }),
      lateFee: fc.oneof(
        fc.record({ kind: fc.constant('percent' as const), bps: fc.integer({ min: 0, max: 10_000 }) }),
        fc.record({ kind: fc.constant('fixed' as const), amountMinor: fc.integer({ min: 0, max: 1_000_000 }), currency: fc.constant('BRL') }),
      ),
      interest: fc.record({ monthlyBps: fc.integer({ min: 0, max: 10_000 }), basis: fc.constant('simple_pro_rata_30' as const) }),
      statutoryB2B: fc.boolean(),
    },
    { requiredKeys: ['netDays', 'graceDays'] },
  );
  const inputArb = fc.record({
    openMinor: fc.integer({ min: 0, max: 1_000_000_000_000 }),
    offset: fc.integer({ min: -60, max: 3_650 }),
    partyType: fc.constantFrom('consumer' as const, 'business' as const),
    country: fc.constantFrom('BR', 'ES', 'US', 'MX', 'FR'),
    terms: termsArb,
    ecbRateBps: fc.integer({ min: 0, max: 500 }),
  });
  const due = '2026-03-10';
  type Generated = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;
  const toInput = (i: Generated, offset: number): ChargesInput => ({
    openMinor: i.openMinor,
    currency: i.country === 'ES' ? 'EUR' : 'BRL',
    dueDate: due,
    paidOn: addDays(due, offset),
    partyType: i.partyType,
    country: i.country,
    terms: i.country === 'ES' && i.terms.lateFee?.kind === 'fixed' ? { ...i.terms, lateFee: { ...i.terms.lateFee, currency: 'EUR' } } : i.terms,
    ecbRateBps: i.ecbRateBps,
  });

  it('never has a negative component, and the total is their sum', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const c = chargesOn(toInput(i, i.offset));
        for (const part of [c.daysLate, c.discountMinor, c.lateFeeMinor, c.interestMinor, c.compensationMinor]) assert.ok(part >= 0);
        assert.ok(c.discountMinor <= i.openMinor);
        assert.equal(c.totalDueMinor, i.openMinor - c.discountMinor + c.lateFeeMinor + c.interestMinor + c.compensationMinor);
      }),
    );
  });

  it('never fines a Brazilian consumer above 2 % or 1 % a month', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const c = chargesOn(toInput({ ...i, country: 'BR', partyType: 'consumer' }, i.offset));
        assert.ok(c.lateFeeMinor <= divideRounded(i.openMinor * 200, 10_000));
        assert.ok(c.interestMinor <= divideRounded(i.openMinor * c.daysLate, 3_000)); // 1 % × days / 30
      }),
    );
  });

  it('charges no less the later the payment', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 400 }), (i, extra) => {
        const sooner = chargesOn(toInput(i, i.offset));
        const later = chargesOn(toInput(i, i.offset + extra));
        assert.ok(later.lateFeeMinor >= sooner.lateFeeMinor);
        assert.ok(later.interestMinor >= sooner.interestMinor);
        assert.ok(later.compensationMinor >= sooner.compensationMinor);
        assert.ok(later.discountMinor <= sooner.discountMinor);
        assert.ok(later.totalDueMinor >= sooner.totalDueMinor);
      }),
    );
  });

  it('is deterministic and leaves its input alone', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const input = deepFreeze(toInput(i, i.offset)); // a write would throw (modules are strict)
        assert.deepEqual(chargesOn(input), chargesOn(structuredClone(input)));
      }),
    );
  });

  it('rounds like money.divideRounded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
        assert.equal(divideRoundedBig(BigInt(n), BigInt(d)), divideRounded(n, d));
      }),
    );
  });
});

describe('earlyPaymentDiscount', () => {
  const terms: PaymentTermsRules = { netDays: 30, graceDays: 0, earlyPaymentDiscount: { bps: 200, daysBeforeDue: 5 } };
  it('2 % of R$ 1 000.00 until 5 days before the due date, then nothing; none without discount terms', () => {
    assert.deepEqual(earlyPaymentDiscount(100_000, '2026-12-14', '2026-12-07', terms), { discountMinor: 2_000, lastDay: '2026-12-09' });
    assert.deepEqual(earlyPaymentDiscount(100_000, '2026-12-14', '2026-12-09', terms), { discountMinor: 2_000, lastDay: '2026-12-09' });
    assert.equal(earlyPaymentDiscount(100_000, '2026-12-14', '2026-12-10', terms), undefined);
    assert.equal(earlyPaymentDiscount(100_000, '2026-12-14', '2026-12-07', brTerms), undefined);
    assert.equal(earlyPaymentDiscount(0, '2026-12-14', '2026-12-07', terms), undefined);
  });
  it('is the discount chargesOn gives', () => {
    assert.equal(chargesOn(brl({ openMinor: 100_000, dueDate: '2026-12-14', paidOn: '2026-12-09', terms })).discountMinor, 2_000);
  });
});
