import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildBarcode, generalCheckDigit, readBarcode } from './barcode.ts';

/** A Banco do Brasil boleto: bank 001, factor 7586 (2018-07-15), R$ 1.026,56, convênio 1149718. */
const BARCODE = '00196758600001026560000001149718606852452211';

test('builds the barcode from its parts, with the general check digit at position 5', () => {
  assert.deepEqual(buildBarcode({ bankCode: '001', dueDate: '2018-07-15', amountMinor: 102656, freeField: '0000001149718606852452211' }), {
    ok: true,
    value: BARCODE,
  });
});

test('reads the parts back: the value field 0000102656 is R$ 1.026,56', () => {
  assert.deepEqual(readBarcode(BARCODE), {
    ok: true,
    value: { bankCode: '001', currency: '9', generalDv: '6', factor: 7586, amountMinor: 102656, freeField: '0000001149718606852452211' },
  });
  assert.equal(generalCheckDigit(BARCODE), 6);
});

test('no due date is factor 0000; amount 0 is ten zeros', () => {
  const built = buildBarcode({ bankCode: '341', dueDate: null, amountMinor: 0, freeField: '1'.repeat(25) });
  assert.ok(built.ok);
  assert.equal(built.value.slice(5, 19), '0'.repeat(14));
  assert.equal(built.value.slice(4, 5), String(generalCheckDigit(built.value)));
});

test('every single-digit change is caught by the general check digit', () => {
  for (let i = 0; i < 44; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === BARCODE[i]) continue;
      const result = readBarcode(BARCODE.slice(0, i) + d + BARCODE.slice(i + 1));
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.error.check, 'general_dv');
    }
  }
});

test('refuses bad parts, naming them', () => {
  const base = { bankCode: '001', dueDate: '2030-01-01', amountMinor: 100, freeField: '0'.repeat(25) };
  const cases: [Parameters<typeof buildBarcode>[0], string][] = [
    [{ ...base, bankCode: '1' }, 'bank_code'],
    [{ ...base, currency: '0' }, 'currency'],
    [{ ...base, amountMinor: -1 }, 'amount'],
    [{ ...base, amountMinor: 10_000_000_000 }, 'amount'],
    [{ ...base, amountMinor: 1.5 }, 'amount'],
    [{ ...base, freeField: '0'.repeat(24) }, 'free_field'],
    [{ ...base, dueDate: '2030-02-30' }, 'due_date'],
  ];
  for (const [input, check] of cases) {
    const result = buildBarcode(input);
    assert.equal(result.ok, false, check);
    if (!result.ok) assert.equal(result.error.check, check);
  }
  assert.equal(buildBarcode({ ...base, amountMinor: 9_999_999_999 }).ok, true);
});
