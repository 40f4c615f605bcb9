import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { detectFormat, parseStatement } from './detect-format.ts';
import type { StatementFormat } from './statement.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

const FIXTURES: [string, StatementFormat][] = [
  ['cnab240-retorno-bb.ret', 'cnab240'],
  ['cnab400-retorno-bradesco.ret', 'cnab400'],
  ['ofx1-extrato-itau.ofx', 'ofx'],
  ['ofx2-extrato-bb.ofx', 'ofx'],
  ['extrato.csv', 'csv'],
  ['extrato-ptbr.csv', 'csv'],
];

test('every fixture is recognised and parsed by the right parser, from bytes or text', () => {
  for (const [name, format] of FIXTURES) {
    const bytes = fixture(name);
    assert.equal(detectFormat(bytes), format, name);
    assert.equal(detectFormat(bytes.toString('latin1')), format, name);
    const result = parseStatement(bytes);
    assert.ok(result.ok, name);
    assert.equal(result.value.format, format);
    assert.ok(result.value.lines.length > 0, name);
  }
});

test('CSV headers in Portuguese and English are recognised; other text is not', () => {
  assert.equal(detectFormat('Data Lançamento;Histórico;Valor (R$)\n'), 'csv');
  assert.equal(detectFormat('\uFEFFdate,amount\n'), 'csv');
  assert.equal(detectFormat('name,email\nx,y\n'), undefined);
  assert.equal(detectFormat('hello'), undefined);
  assert.equal(detectFormat(''), undefined);
  assert.equal(detectFormat(Buffer.from([0, 1, 2, 255])), undefined);
});

test('an unrecognised file is a rejection at line 1; a forced format is used as is', () => {
  assert.deepEqual(parseStatement('hello'), {
    ok: false,
    error: [{ line: 1, message: 'unrecognised file: expected a CNAB 240 or CNAB 400 retorno, an OFX statement or a CSV with a date,amount header' }],
  });
  const forced = parseStatement(fixture('extrato.csv'), { format: 'ofx' });
  assert.equal(forced.ok, false);
});
