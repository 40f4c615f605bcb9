import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRow } from './csv.ts';

test('cells a spreadsheet would run as formulas are written as text; numbers stay numbers', () => {
  assert.equal(
    csvRow(['=HYPERLINK("http://x","pay")', '+55 11', '-cmd', '@SUM(A1)', '\tx', 'Padaria']),
    `"'=HYPERLINK(""http://x"",""pay"")",'+55 11,'-cmd,'@SUM(A1),'\tx,Padaria`,
  );
  assert.equal(csvRow(['-12.50', '+3', -7, '2026-01-01']), '-12.50,+3,-7,2026-01-01');
});
