import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DynamicPixInput, ParsedPix, PixError, StaticPixInput } from './br-code.ts';
import { buildDynamicPix, buildStaticPix, parsePix } from './br-code.ts';
import { crc16Hex } from './crc16.ts';

const CHECKS = ['crc', 'tlv', 'format', 'field'];

function assertWellFormedRejection(error: PixError): void {
  assert.ok(CHECKS.includes(error.check), `unknown check ${error.check}`);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0);
}

const printable = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 25 });
const key = fc.oneof(
  fc.stringMatching(/^[0-9]{11}$/),
  fc.stringMatching(/^[0-9]{14}$/),
  fc.stringMatching(/^\+55[1-9][0-9]{10}$/),
  fc.uuid(),
  fc.stringMatching(/^[a-z0-9._%+-]{1,30}@[a-z0-9-]{1,20}\.[a-z]{2,6}$/),
);
const staticInput: fc.Arbitrary<StaticPixInput> = fc.record(
  {
    key,
    amountMinor: fc.integer({ min: 1, max: 999_999_999_999 }),
    txid: fc.oneof(fc.constant('***'), fc.stringMatching(/^[A-Za-z0-9]{1,25}$/)),
    merchantName: printable,
    merchantCity: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 15 }),
    description: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }),
  },
  { requiredKeys: ['key', 'merchantName', 'merchantCity'], noNullPrototype: true },
);
const dynamicInput: fc.Arbitrary<DynamicPixInput> = fc.record(
  {
    locationUrl: fc.stringMatching(/^(https:\/\/)?[a-z0-9]{1,10}\.example\.com\/qr\/v2\/[A-Za-z0-9-]{1,40}$/),
    merchantName: printable,
    merchantCity: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 15 }),
    amountMinor: fc.integer({ min: 1, max: 999_999_999_999 }),
    reusable: fc.boolean(),
  },
  { requiredKeys: ['locationUrl', 'merchantName', 'merchantCity'], noNullPrototype: true },
);

test('build → parse round-trips random static codes', { timeout: 30_000 }, () => {
  fc.assert(
    fc.property(staticInput, (input) => {
      const built = buildStaticPix(input);
      assert.ok(built.ok, built.ok ? '' : built.error.message);
      const parsed = parsePix(built.value);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
      const expected: Partial<ParsedPix> = {
        key: input.key,
        amountMinor: input.amountMinor,
        txid: input.txid ?? '***',
        merchantName: input.merchantName,
        merchantCity: input.merchantCity,
        description: input.description,
        currency: '986',
        countryCode: 'BR',
        merchantCategoryCode: '0000',
        locationUrl: undefined,
        pointOfInitiation: undefined,
      };
      for (const [name, value] of Object.entries(expected)) {
        assert.deepEqual(parsed.value[name as keyof ParsedPix], value, name);
      }
      assert.equal(parsed.value.crc, built.value.slice(-4));
    }),
    { numRuns: 500 },
  );
});

test('build → parse round-trips random dynamic codes', { timeout: 30_000 }, () => {
  fc.assert(
    fc.property(dynamicInput, (input) => {
      const built = buildDynamicPix(input);
      assert.ok(built.ok, built.ok ? '' : built.error.message);
      const parsed = parsePix(built.value);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
      assert.equal(parsed.value.locationUrl, input.locationUrl.replace(/^https:\/\//, ''));
      assert.equal(parsed.value.key, undefined);
      assert.equal(parsed.value.pointOfInitiation, input.reusable === true ? '11' : '12');
      assert.equal(parsed.value.amountMinor, input.amountMinor);
      assert.equal(parsed.value.txid, '***');
      assert.equal(parsed.value.merchantName, input.merchantName);
      assert.equal(parsed.value.merchantCity, input.merchantCity);
    }),
    { numRuns: 300 },
  );
});

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const anyText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary-ascii', maxLength: 1 })), maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '6', '3', '4', 'A', '*', ' '), maxLength: 200 }),
);

test('parsing arbitrary text never throws; every rejection carries a check and a message', { timeout: 30_000 }, () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const result = parsePix(text);
      if (!result.ok) assertWellFormedRejection(result.error);
    }),
    { numRuns: 3000 },
  );
});

test('text with a correct CRC but random fields never throws and reaches the structural checks', { timeout: 30_000 }, () => {
  const field = fc
    .tuple(fc.constantFrom('00', '01', '26', '27', '52', '53', '54', '58', '59', '60', '61', '62', '63', '64', '80', '99'), fc.string({ maxLength: 30 }))
    .map(([id, value]) => `${id}${String(value.length).padStart(2, '0')}${value}`);
  const pixAccount = fc.tuple(fc.constantFrom('0014br.gov.bcb.pix', '0014BR.GOV.BCB.PIX', '0003abc'), fc.string({ maxLength: 30 })).map(([gui, rest]) => {
    const sub = `${gui}01${String(rest.length).padStart(2, '0')}${rest}`;
    return `26${String(sub.length).padStart(2, '0')}${sub}`;
  });
  const seen = new Set<string>();
  fc.assert(
    fc.property(fc.array(fc.oneof(field, pixAccount), { maxLength: 12 }), fc.boolean(), (fields, withHeader) => {
      const body = `${withHeader ? '000201' : ''}${fields.join('')}6304`;
      const result = parsePix(`${body}${crc16Hex(body)}`);
      if (!result.ok) {
        assertWellFormedRejection(result.error);
        assert.notEqual(result.error.check, 'crc');
        seen.add(result.error.check);
      }
    }),
    { numRuns: 2000 },
  );
  assert.deepEqual([...seen].sort(), ['field', 'format', 'tlv']);
});

test('any single printable-ASCII substitution in a valid code is refused; other edits never throw', { timeout: 60_000 }, () => {
  fc.assert(
    fc.property(staticInput, fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), (input, at, code) => {
      const built = buildStaticPix(input);
      assert.ok(built.ok);
      const payload = built.value;
      const i = at % payload.length;
      const replacement = String.fromCharCode(code);
      fc.pre(payload[i] !== replacement);
      const result = parsePix(payload.slice(0, i) + replacement + payload.slice(i + 1));
      assert.equal(result.ok, false);
      if (!result.ok) {
        assertWellFormedRejection(result.error);
        assert.notEqual(result.error.check, 'field');
      }
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(staticInput, fc.nat(), fc.nat({ max: 20 }), fc.string({ unit: 'binary', maxLength: 5 }), (input, at, cut, insert) => {
      const built = buildStaticPix(input);
      assert.ok(built.ok);
      const i = at % built.value.length;
      const result = parsePix(built.value.slice(0, i) + insert + built.value.slice(i + cut));
      if (!result.ok) assertWellFormedRejection(result.error);
    }),
    { numRuns: 2000 },
  );
});

// How fast it is refused is a benchmark's business, not a test's (a timed assertion fails on a
// loaded machine); what matters here is that huge input is refused with the failing check named.
test('a megabyte of input is refused, naming the failing check', () => {
  for (const text of ['0'.repeat(1_000_000), '0199'.repeat(250_000), `000201${'0199'.repeat(10_000)}`]) {
    const result = parsePix(text);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.check, /^(format|tlv|length)$/);
  }
});
