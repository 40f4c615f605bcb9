import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractPixTxid, extractTaxId } from './references.ts';

test('a labelled txid wins over an end-to-end id; labels in any case and punctuation', () => {
  assert.equal(extractPixTxid('TXID REGUA0101K7Q2M9 E60701190202603021005Ab12Cd34Ef5'), 'REGUA0101K7Q2M9');
  assert.equal(extractPixTxid('pagamento txid:fatura2026x0042'), 'fatura2026x0042');
  assert.equal(extractPixTxid('TxId=7f3a9c0d2e1b4a5f6c7d8e9f0a1'), '7f3a9c0d2e1b4a5f6c7d8e9f0a1');
});

test('an end-to-end id: E, 8-digit ISPB, yyyyMMddHHmm, 11 characters', () => {
  assert.equal(extractPixTxid('PIX E60701190202603021005Ab12Cd34Ef5 RECEBIDO'), 'E60701190202603021005Ab12Cd34Ef5');
  // month 13 is no timestamp; 10 characters after the timestamp is too short
  assert.equal(extractPixTxid('E60701190202613021005Ab12Cd34Ef5'), undefined);
  assert.equal(extractPixTxid('E60701190202603021005Ab12Cd34Ef'), undefined);
});

test('no txid: a label followed by a word, or nothing at all', () => {
  assert.equal(extractPixTxid('TXID NAOINFORMADO'), undefined);
  assert.equal(extractPixTxid('TED RECEBIDA'), undefined);
  assert.equal(extractPixTxid(''), undefined);
});

test('tax ids: formatted CPF / CNPJ anywhere, bare digits only after a label, check digits verified', () => {
  assert.equal(extractTaxId('TED MARIA CPF 123.456.789-09'), '12345678909');
  assert.equal(extractTaxId('Pix de 11.222.333/0001-81 ref 42'), '11222333000181');
  assert.equal(extractTaxId('CNPJ: 04252011000110'), '04252011000110');
  assert.equal(extractTaxId('cpf 52998224725'), '52998224725');
  // wrong check digits, or an unlabelled run of 11 digits (an account, a document number)
  assert.equal(extractTaxId('CPF 123.456.789-00'), undefined);
  assert.equal(extractTaxId('DOC 12345678909'), undefined);
  // the first valid one, in text order
  assert.equal(extractTaxId('CPF 111.111.111-11 depois 529.982.247-25 e 123.456.789-09'), '52998224725');
});
