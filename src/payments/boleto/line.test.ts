import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barcodeToLine, formatLine, lineToBarcode } from './line.ts';

const LINE = '00190000090114971860168524522114675860000102656';
const BARCODE = '00196758600001026560000001149718606852452211';

test('line ↔ barcode, both ways', () => {
  assert.deepEqual(lineToBarcode(LINE), { ok: true, value: BARCODE });
  assert.deepEqual(barcodeToLine(BARCODE), { ok: true, value: LINE });
});

test('formats the line as printed', () => {
  assert.equal(formatLine(LINE), '00190.00009 01149.718601 68524.522114 6 75860000102656');
});

test('every single-digit change in the line is caught, by the check of the field it falls in', () => {
  const expectedCheck = (i: number): string => (i < 10 ? 'field1_dv' : i < 21 ? 'field2_dv' : i < 32 ? 'field3_dv' : 'general_dv');
  for (let i = 0; i < 47; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === LINE[i]) continue;
      const result = lineToBarcode(LINE.slice(0, i) + d + LINE.slice(i + 1));
      assert.equal(result.ok, false, `position ${i + 1} → ${d}`);
      if (!result.ok) assert.equal(result.error.check, expectedCheck(i), `position ${i + 1} → ${d}`);
    }
  }
});

test('a wrong field 4 is reported as the general check digit', () => {
  const result = lineToBarcode(LINE.slice(0, 32) + '7' + LINE.slice(33));
  assert.deepEqual(result, { ok: false, error: { check: 'general_dv', message: 'general check digit (field 4 of the line) is 7, expected 6' } });
});

test('length and characters', () => {
  assert.equal(lineToBarcode(LINE.slice(1)).ok ? '' : 'length', 'length');
  const digits = lineToBarcode(LINE.replace('0', 'x'));
  assert.ok(!digits.ok && digits.error.check === 'digits');
  const barcode = barcodeToLine(BARCODE + '1');
  assert.ok(!barcode.ok && barcode.error.check === 'length');
});
