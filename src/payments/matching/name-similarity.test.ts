import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameSimilarity, nameTokens } from './name-similarity.ts';

const MATCH = 0.75;

test('tokens: no accents, connectives, company forms or transfer words', () => {
  assert.deepEqual(nameTokens('PIX RECEBIDO - José da Conceição Ltda.'), ['JOSE', 'CONCEICAO']);
  assert.deepEqual(nameTokens('ACME S/A'), ['ACME']);
  assert.deepEqual(nameTokens('Maria A. Souza'), ['MARIA', 'A', 'SOUZA']);
});

test('names a bank statement writes for the same person or company match', () => {
  const same: [string, string][] = [
    ['TED RECEBIDA MARIA A SOUZA', 'Maria Aparecida de Souza'],
    ['MARIA APARECIDA DE SOUZ', 'Maria Aparecida de Souza'],
    ['JOAO SILVA', 'João Carlos da Silva'],
    ['PIX RECEBIDO PADARIA BOM PAO', 'Padaria Bom Pão Ltda'],
    ['OFICINA DO ZE ME', 'Oficina do Zé'],
  ];
  for (const [payer, customer] of same) assert.ok(nameSimilarity(payer, customer) >= MATCH, `${payer} ~ ${customer}: ${nameSimilarity(payer, customer)}`);
});

test('names that share only a first name or a surname do not match', () => {
  const different: [string, string][] = [
    ['MARIA SOUZA', 'Maria Oliveira'],
    ['ANA LUCIA FERREIRA', 'Ana Paula Ferreira'],
    ['JOSE SANTOS', 'Pedro Santos'],
    ['PIX RECEBIDO', 'Maria Souza'],
    ['', 'Maria Souza'],
  ];
  for (const [payer, customer] of different) assert.ok(nameSimilarity(payer, customer) < MATCH, `${payer} ≁ ${customer}: ${nameSimilarity(payer, customer)}`);
});

test('similarity is symmetric and 1 for identical names', () => {
  assert.equal(nameSimilarity('Maria Souza', 'MARIA SOUZA'), 1);
  assert.equal(nameSimilarity('JOAO SILVA', 'Joao Carlos Silva'), nameSimilarity('Joao Carlos Silva', 'JOAO SILVA'));
});
