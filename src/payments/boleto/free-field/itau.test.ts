import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildBarcode } from '../barcode.ts';
import { parseBoleto } from '../parse.ts';
import { itau } from './itau.ts';

test("builds the free field of the Itaú manual's example (agência 0057, conta 12345-7, carteira 110, nosso número 12345678-8)", () => {
  assert.deepEqual(itau.build({ carteira: '110', nossoNumero: '12345678', agencia: '0057', conta: '12345' }), {
    ok: true,
    value: '110' + '12345678' + '8' + '0057' + '12345' + '7' + '000',
  });
});

test('carteiras 126, 131, 146, 150 and 168 compute the nosso número DAC over carteira + nosso número only', () => {
  // 1 2 6 1 2 3 4 5 6 7 8 from the right × 2 1 2 …: 7 7 3 5 8 3 4 1 3 2 2 = 45 → 5
  // (over agência + conta + carteira + nosso número it would be 4)
  assert.deepEqual(itau.build({ carteira: '126', nossoNumero: '12345678', agencia: '0057', conta: '12345' }), {
    ok: true,
    value: '126' + '12345678' + '5' + '0057' + '12345' + '7' + '000',
  });
});

test('parses back and checks both DACs', () => {
  assert.deepEqual(itau.parse('1101234567880057123457000'), {
    ok: true,
    value: { carteira: '110', nossoNumero: '12345678', nossoNumeroDac: '8', agencia: '0057', conta: '12345', contaDac: '7' },
  });
  const wrongNn = itau.parse('1101234567890057123457000');
  assert.ok(!wrongNn.ok && /nosso número DAC is 9, expected 8/.test(wrongNn.error.message));
  const wrongConta = itau.parse('1101234567880057123458000');
  assert.ok(!wrongConta.ok && /agência\/conta DAC is 8, expected 7/.test(wrongConta.error.message));
  const noZeros = itau.parse('1101234567880057123457001');
  assert.ok(!noZeros.ok && /"000"/.test(noZeros.error.message));
});

test('refuses carteiras with another layout and malformed parts', () => {
  const base = { carteira: '109', nossoNumero: '1', agencia: '0057', conta: '12345' };
  for (const input of [
    { ...base, carteira: '198' },
    { ...base, carteira: '10' },
    { ...base, nossoNumero: '123456789' },
    { ...base, agencia: '57' },
    { ...base, conta: '123456' },
  ]) {
    const result = itau.build(input);
    assert.ok(!result.ok && result.error.check === 'free_field', JSON.stringify(input));
  }
  // 0057 12345 109 00000001 from the right × 2 1 2 …: 1·2 = 2, zeros, 9·2 = 18 → 9, 0, 1·2 = 2, 5, 4·2 = 8, 3, 2·2 = 4, 1,
  // 7·2 = 14 → 5, 5, 0, 0: total 44 → DAC 6. The nosso número is zero-padded to 8 digits.
  assert.deepEqual(itau.build(base), { ok: true, value: '109' + '00000001' + '6' + '0057' + '12345' + '7' + '000' });
});

test('round-trips through free field, barcode, line and parse', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('109', '110', '112', '126', '131', '157', '168', '175'),
      fc.stringMatching(/^[0-9]{8}$/),
      fc.stringMatching(/^[0-9]{4}$/),
      fc.stringMatching(/^[0-9]{5}$/),
      (carteira, nossoNumero, agencia, conta) => {
        const freeField = itau.build({ carteira, nossoNumero, agencia, conta });
        assert.ok(freeField.ok);
        const barcode = buildBarcode({ bankCode: itau.bankCode, dueDate: null, amountMinor: 15000, freeField: freeField.value });
        assert.ok(barcode.ok);
        const parsed = parseBoleto(barcode.value, '2026-01-01');
        assert.ok(parsed.ok);
        const fields = itau.parse(parsed.value.freeField);
        assert.ok(fields.ok);
        assert.deepEqual(
          { carteira: fields.value.carteira, nossoNumero: fields.value.nossoNumero, agencia: fields.value.agencia, conta: fields.value.conta },
          { carteira, nossoNumero, agencia, conta },
        );
      },
    ),
  );
});
