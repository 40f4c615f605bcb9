import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mod10, mod11Boleto } from './check-digits.ts';

test('modulo 10, worked by hand', () => {
  // 0 0 5 7 1 2 3 4 5 × 1 2 1 2 1 2 1 2 (from the right: 5·2=10→1, 4, 3·2=6, 2, 1·2=2, 7, 5·2=10→1, 0, 0) = 23 → 10 − 3 = 7
  assert.equal(mod10('005712345'), 7);
  // Itaú manual (Anexo 4): agência 0057, conta 12345, carteira 110, nosso número 12345678 → total 72 → DAC 8
  assert.equal(mod10('00571234511012345678'), 8);
  // 0 0 1 9 0 0 0 0 0: 9·1 + 1·2 = 11 → 10 − 1 = 9 (field 1 of the Banco do Brasil example line)
  assert.equal(mod10('001900000'), 9);
  assert.equal(mod10('0'), 0); // total 0 → 10 → 0
  assert.equal(mod10('5'), 9); // 5·2 = 10 → 1 + 0 = 1 → 9
  assert.equal(mod10('18'), 2); // 8·2 = 16 → 7, + 1 = 8 → 2
  assert.equal(mod10('19'), 0); // 9·2 = 18 → 9, + 1 = 10 → 0
});

test('modulo 11 with the boleto rule (0, 10 and 11 become 1)', () => {
  assert.equal(mod11Boleto('3'), 5); // 3·2 = 6 → 11 − 6 = 5
  assert.equal(mod11Boleto('1'), 9); // 2 → 9
  assert.equal(mod11Boleto('0'), 1); // remainder 0 → 11 → 1
  assert.equal(mod11Boleto('6'), 1); // 12 → remainder 1 → 10 → 1
  assert.equal(mod11Boleto('111111111'), 9); // weights 2..9 then 2 again: 46 → remainder 2 → 9
  assert.equal(mod11Boleto('100000000'), 9); // the ninth digit from the right has weight 2 again → 2 → 9
  assert.equal(mod11Boleto('10000000'), 2); // eighth from the right has weight 9 → 9 → 2
});

test('non-digits are a programming error', () => {
  assert.throws(() => mod10('12a'), TypeError);
  assert.throws(() => mod11Boleto(''), TypeError);
});
