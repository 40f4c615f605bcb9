import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bankCodeKey, invoiceNumberKey, isEndToEndId, nossoNumeroKey, referenceTokens, taxIdKey, txidKey } from './keys.ts';

test('nosso número: padding zeros, blanks and punctuation do not matter', () => {
  assert.equal(nossoNumeroKey('00012345670000000101   '), '12345670000000101');
  assert.equal(nossoNumeroKey('109/00000123-4'), '109000001234');
  assert.equal(nossoNumeroKey('0000'), '');
  assert.equal(nossoNumeroKey(undefined), '');
});

test('txid, tax id and invoice number keys', () => {
  assert.equal(txidKey('regua0101k7q2m9'), 'REGUA0101K7Q2M9');
  assert.equal(taxIdKey('123.456.789-09'), '12345678909');
  assert.equal(taxIdKey('12.ABC.345/01DE-35'), '12ABC34501DE35');
  assert.equal(invoiceNumberKey('  nf-2026-0102 '), 'NF-2026-0102');
  assert.ok(isEndToEndId('E60701190202603021005Ab12Cd34Ef5'));
  assert.ok(!isEndToEndId('REGUA0101K7Q2M9'));
});

test('reference tokens: whole tokens and runs of their parts, never pieces of a part', () => {
  const tokens = referenceTokens('PAGTO REF:NF-2026-0102. obrigado (dupl 557/2)');
  for (const expected of ['NF-2026-0102', '2026-0102', 'NF-2026', '0102', '2026', 'PAGTO', 'REF', 'OBRIGADO', 'DUPL', '557/2', '557']) {
    assert.ok(tokens.includes(expected), expected);
  }
  for (const absent of ['NF-2026-010', 'F-2026', '102', 'NF-2026-0102.', '2', 'NF']) assert.ok(!tokens.includes(absent), absent);
});

test('reference tokens of empty or separator-only text', () => {
  assert.deepEqual(referenceTokens(''), []);
  assert.deepEqual(referenceTokens('-- // ..'), []);
});

test('bank codes: CNAB\'s "341" and OFX\'s "0341" are the same bank; none is ""', () => {
  assert.equal(bankCodeKey('0341'), '341');
  assert.equal(bankCodeKey('341'), '341');
  assert.equal(bankCodeKey('1'), '001');
  assert.equal(bankCodeKey(' 748 '), '748');
  assert.equal(bankCodeKey(undefined), '');
});
