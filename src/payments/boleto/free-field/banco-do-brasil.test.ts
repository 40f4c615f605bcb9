import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildBarcode } from '../barcode.ts';
import { parseBoleto } from '../parse.ts';
import { bancoDoBrasilConvenio7 } from './banco-do-brasil.ts';

test('builds the free field of a real-layout example: "000000" + convênio + complement + carteira', () => {
  const built = bancoDoBrasilConvenio7.build({ convenio: '1149718', nossoNumeroComplement: '6068524522', carteira: '11' });
  assert.deepEqual(built, { ok: true, value: '000000' + '1149718' + '6068524522' + '11' });
  // …which is the free field of the line 00190.00009 01149.718601 68524.522114 6 75860000102656
  const boleto = parseBoleto('00190000090114971860168524522114675860000102656', '2025-11-22');
  assert.ok(boleto.ok && built.ok);
  assert.equal(boleto.value.freeField, built.value);
});

test('parses it back', () => {
  assert.deepEqual(bancoDoBrasilConvenio7.parse('0000001149718606852452211'), {
    ok: true,
    value: { convenio: '1149718', nossoNumeroComplement: '6068524522', nossoNumero: '11497186068524522', carteira: '11' },
  });
});

test('pads the complement, refuses malformed parts', () => {
  assert.deepEqual(bancoDoBrasilConvenio7.build({ convenio: '1234567', nossoNumeroComplement: '42', carteira: '17' }), {
    ok: true,
    value: '000000' + '1234567' + '0000000042' + '17',
  });
  for (const input of [
    { convenio: '123456', nossoNumeroComplement: '1', carteira: '17' },
    { convenio: '0123456', nossoNumeroComplement: '1', carteira: '17' },
    { convenio: '1234567', nossoNumeroComplement: '12345678901', carteira: '17' },
    { convenio: '1234567', nossoNumeroComplement: '', carteira: '17' },
    { convenio: '1234567', nossoNumeroComplement: '1', carteira: '7' },
  ]) {
    const result = bancoDoBrasilConvenio7.build(input);
    assert.ok(!result.ok && result.error.check === 'free_field', JSON.stringify(input));
  }
  assert.equal(bancoDoBrasilConvenio7.parse('1'.repeat(25)).ok, false);
  assert.equal(bancoDoBrasilConvenio7.parse('0'.repeat(24)).ok, false);
});

test('round-trips through free field, barcode, line and parse', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[1-9][0-9]{6}$/),
      fc.stringMatching(/^[0-9]{10}$/),
      fc.stringMatching(/^[0-9]{2}$/),
      fc.integer({ min: 0, max: 9_999_999_999 }),
      (convenio, nossoNumeroComplement, carteira, amountMinor) => {
        const freeField = bancoDoBrasilConvenio7.build({ convenio, nossoNumeroComplement, carteira });
        assert.ok(freeField.ok);
        const barcode = buildBarcode({ bankCode: bancoDoBrasilConvenio7.bankCode, dueDate: '2026-03-10', amountMinor, freeField: freeField.value });
        assert.ok(barcode.ok);
        const parsed = parseBoleto(barcode.value, '2026-01-01');
        assert.ok(parsed.ok);
        const fields = bancoDoBrasilConvenio7.parse(parsed.value.freeField);
        assert.deepEqual(fields, { ok: true, value: { convenio, nossoNumeroComplement, nossoNumero: convenio + nossoNumeroComplement, carteira } });
      },
    ),
  );
});
