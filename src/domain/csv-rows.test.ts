import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLayout, firstLineOf, headerProblem, malformedCsv, rowOf } from './csv-rows.ts';

describe('csv rows', () => {
  it('reads the layout from the header line: semicolon files take the comma decimal', () => {
    assert.deepEqual(csvLayout(firstLineOf('\uFEFFexternal_id;"amount"\r\nA;1,00'), {}), {
      delimiter: ';',
      decimal: 'comma',
      header: ['external_id', 'amount'],
    });
    assert.deepEqual(csvLayout('external_id,amount', {}), { delimiter: ',', decimal: 'point', header: ['external_id', 'amount'] });
    assert.equal(csvLayout('a;b', { decimal: 'point' }).decimal, 'point');
  });

  it('names the missing and unknown columns of a header', () => {
    assert.equal(headerProblem(['b', 'a'], ['a', 'b']), null);
    assert.equal(headerProblem(['a', 'x', 'y'], ['a', 'b']), 'missing column b; unknown columns x, y');
  });

  it('turns a record into a row, or into its problems', () => {
    assert.deepEqual(rowOf(['1', '2'], ['a', 'b'], 7), { row: { line: 7, values: { a: '1', b: '2' } } });
    assert.deepEqual(rowOf(['1'], ['a', 'b'], 7), { errors: [{ line: 7, column: null, reason: 'has 1 columns, the header has 2' }] });
    assert.deepEqual(rowOf(['\uFFFD', 'x'], ['a', 'b'], 8), { errors: [{ line: 8, column: 'a', reason: 'is not valid UTF-8 text (save the file as UTF-8)' }] });
  });

  it('reports a parser error on its line, and only parser errors', () => {
    assert.deepEqual(malformedCsv({ code: 'CSV_QUOTE_NOT_CLOSED', lines: 4, message: 'Invalid Closing Quote: x' }), {
      line: 4,
      column: null,
      reason: 'malformed CSV: Closing Quote: x',
    });
    assert.equal(malformedCsv({ message: 'disk on fire' }), null);
  });
});
