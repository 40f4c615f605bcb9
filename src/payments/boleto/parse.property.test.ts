import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildBarcode } from './barcode.ts';
import { barcodeToLine } from './line.ts';
import { parseBoleto } from './parse.ts';

const CHECKS = ['length', 'digits', 'field1_dv', 'field2_dv', 'field3_dv', 'general_dv', 'currency'];
const REFERENCE = '2026-01-15';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary-ascii', maxLength: 1 })), maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('0', '1', '9', ' ', '.', '-', '\n'), maxLength: 120 }),
  fc.stringMatching(/^[0-9]{44}$/),
  fc.stringMatching(/^[0-9]{47}$/),
  fc.stringMatching(/^[0-9]{43,48}$/),
);

test('parsing arbitrary text never throws; every rejection carries a known check and a message', { timeout: 30_000 }, () => {
  const seen = new Set<string>();
  fc.assert(
    fc.property(anyText, (text) => {
      const result = parseBoleto(text, REFERENCE);
      if (!result.ok) {
        assert.ok(CHECKS.includes(result.error.check), result.error.check);
        assert.ok(result.error.message.length > 0);
        seen.add(result.error.check);
      }
    }),
    { numRuns: 5000 },
  );
  for (const check of ['length', 'digits', 'field1_dv', 'general_dv']) assert.ok(seen.has(check), check);
});

const DAY_MS = 86_400_000;
const isoDay = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);
const FIRST = Date.UTC(2000, 6, 3) / DAY_MS; // factor 1000
const LAST = Date.UTC(2060, 0, 1) / DAY_MS;

const boletoParts = fc.record(
  {
    bankCode: fc.stringMatching(/^[0-9]{3}$/),
    dueDay: fc.option(fc.integer({ min: FIRST, max: LAST }), { nil: null }),
    // a reference within 4499 days of the due date resolves the factor to that date
    referenceOffset: fc.integer({ min: -4499, max: 4499 }),
    amountMinor: fc.integer({ min: 0, max: 9_999_999_999 }),
    freeField: fc.stringMatching(/^[0-9]{25}$/),
  },
  { noNullPrototype: true },
);

/** Break the digits up the way people type and banks print them. */
const formatting = fc.array(fc.constantFrom(' ', '.', '-', '  ', '\n'), { maxLength: 47 });

test('build → parse round-trips random boletos from the barcode and from the line', { timeout: 30_000 }, () => {
  fc.assert(
    fc.property(boletoParts, formatting, fc.boolean(), (parts, separators, useLine) => {
      const dueDate = parts.dueDay === null ? null : isoDay(parts.dueDay);
      const reference = isoDay((parts.dueDay ?? FIRST + 5000) + parts.referenceOffset);
      const barcode = buildBarcode({ bankCode: parts.bankCode, dueDate, amountMinor: parts.amountMinor, freeField: parts.freeField });
      assert.ok(barcode.ok);
      const line = barcodeToLine(barcode.value);
      assert.ok(line.ok);
      const digits = useLine ? line.value : barcode.value;
      const typed = [...digits].map((d, i) => d + (separators[i] ?? '')).join('');
      const parsed = parseBoleto(typed, reference);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
      assert.deepEqual(
        { ...parsed.value, factor: undefined },
        {
          bankCode: parts.bankCode,
          currency: '9',
          dueDate,
          factor: undefined,
          amountMinor: parts.amountMinor,
          freeField: parts.freeField,
          barcode: barcode.value,
          line: line.value,
        },
      );
      // the line carries the barcode's digits in its own order
      assert.equal(line.value.slice(33), barcode.value.slice(5, 19));
      assert.equal(line.value.slice(0, 4), barcode.value.slice(0, 4));
      assert.equal(line.value[32], barcode.value[4]);
    }),
    { numRuns: 1000 },
  );
});

test('any single-digit change in a line is refused unless the general digit is 1', { timeout: 30_000 }, () => {
  // The general digit maps remainders 0, 1 and 10 all to 1, so a change in field 5 can go unnoticed
  // only when the general digit is 1; the three mod-10 fields always catch a single-digit change.
  fc.assert(
    fc.property(boletoParts, fc.integer({ min: 0, max: 46 }), fc.integer({ min: 1, max: 9 }), (parts, at, delta) => {
      const barcode = buildBarcode({ bankCode: parts.bankCode, dueDate: null, amountMinor: parts.amountMinor, freeField: parts.freeField });
      assert.ok(barcode.ok);
      const line = barcodeToLine(barcode.value);
      assert.ok(line.ok);
      const changed = String((Number(line.value[at]) + delta) % 10);
      const result = parseBoleto(line.value.slice(0, at) + changed + line.value.slice(at + 1), REFERENCE);
      if (result.ok) {
        assert.ok(at >= 32 && line.value[32] === '1', `accepted a change at position ${at + 1}`);
        assert.notEqual(result.value.line, line.value);
      }
    }),
    { numRuns: 3000 },
  );
});

test('long inputs are refused', () => {
  for (const text of ['1'.repeat(1_000_000), ' .-'.repeat(300_000), `${'0'.repeat(47)}x`]) {
    assert.equal(parseBoleto(text, REFERENCE).ok, false);
  }
});
