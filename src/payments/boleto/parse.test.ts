import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBoleto } from './parse.ts';

const LINE = '00190000090114971860168524522114675860000102656';
const BARCODE = '00196758600001026560000001149718606852452211';
const EXPECTED = {
  bankCode: '001',
  currency: '9',
  dueDate: '2018-07-15',
  factor: 7586,
  amountMinor: 102656, // value field 0000102656 = R$ 1.026,56
  freeField: '0000001149718606852452211',
  barcode: BARCODE,
  line: LINE,
};

test('parses the line and the barcode to the same boleto', () => {
  assert.deepEqual(parseBoleto(LINE, '2025-11-22'), { ok: true, value: EXPECTED });
  assert.deepEqual(parseBoleto(BARCODE, '2025-11-22'), { ok: true, value: EXPECTED });
});

test('accepts spaces, dots, dashes and line breaks as typed or printed', () => {
  assert.deepEqual(parseBoleto('00190.00009 01149.718601 68524.522114 6 75860000102656', '2025-11-22'), { ok: true, value: EXPECTED });
  assert.deepEqual(parseBoleto(' 00190-00009\n01149.718601\t68524.522114-6-75860000102656 ', '2025-11-22'), { ok: true, value: EXPECTED });
});

test('the due date depends on the reference date (factor restarted on 2025-02-22)', () => {
  const later = parseBoleto(LINE, '2040-06-01');
  assert.ok(later.ok);
  assert.equal(later.value.dueDate, '2043-03-06');
});

test('names the failing check', () => {
  const cases: [string, string][] = [
    ['12345', 'length'],
    [`${LINE}0`, 'length'],
    ['846700000017435900240209024050002435842210108119', 'length'],
    [LINE.replace('9', 'O'), 'digits'],
    ['0019000009 0114971860 1', 'length'],
    [LINE.slice(0, 9) + '8' + LINE.slice(10), 'field1_dv'],
    [LINE.slice(0, 20) + '2' + LINE.slice(21), 'field2_dv'],
    [LINE.slice(0, 31) + '5' + LINE.slice(32), 'field3_dv'],
    [LINE.slice(0, 40) + '1' + LINE.slice(41), 'general_dv'],
    [BARCODE.slice(0, 4) + '7' + BARCODE.slice(5), 'general_dv'],
  ];
  for (const [input, check] of cases) {
    const result = parseBoleto(input, '2025-11-22');
    assert.equal(result.ok, false, input);
    if (!result.ok) {
      assert.equal(result.error.check, check, `${input}: ${result.error.message}`);
      assert.ok(result.error.message.length > 0);
    }
  }
  const utility = parseBoleto('846700000017435900240209024050002435842210108119', '2025-11-22');
  assert.ok(!utility.ok && /arrecadação/.test(utility.error.message));
});

test('a boleto in another currency is refused with check "currency"', () => {
  const result = parseBoleto(currencyZeroBarcode(), '2025-11-22');
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.check, 'currency');
});

function currencyZeroBarcode(): string {
  // The same boleto with currency 0: try general check digits until one gets past that check,
  // so that the currency is the only thing wrong with it.
  for (let dv = 1; dv <= 9; dv++) {
    const candidate = `0010${dv}${BARCODE.slice(5)}`;
    const result = parseBoleto(candidate, '2025-11-22');
    if (result.ok || result.error.check !== 'general_dv') return candidate;
  }
  throw new Error('no consistent check digit found');
}

test('refuses a reference date that is not a date', () => {
  const result = parseBoleto(LINE, '22/11/2025');
  assert.ok(!result.ok && result.error.check === 'reference_date');
});
