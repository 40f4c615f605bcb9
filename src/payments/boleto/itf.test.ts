import assert from 'node:assert/strict';
import { test } from 'node:test';
import { itfBars, itfElements, itfPattern } from './itf.ts';

// Upper case: bars, lower case: spaces; N/n narrow, W/w wide.
test('encodes "12": start, 1 in the bars (WNNNW) interleaved with 2 in the spaces (nwnnw), stop', () => {
  assert.deepEqual(itfPattern('12'), { ok: true, value: 'NnNn' + 'WnNwNnNnWw' + 'WnN' });
});

test('encodes "00" and "90"', () => {
  // 0 = NNWWN; 9 = NWNWN
  assert.deepEqual(itfPattern('00'), { ok: true, value: 'NnNn' + 'NnNnWwWwNn' + 'WnN' });
  assert.deepEqual(itfPattern('90'), { ok: true, value: 'NnNn' + 'NnWnNwWwNn' + 'WnN' });
});

test('every digit has two wide and three narrow elements', () => {
  const elements = itfElements('0123456789');
  assert.ok(elements.ok);
  const body = elements.value.slice(4, -3);
  assert.equal(body.length, 50);
  assert.equal(body.filter((e) => e.wide).length, 20);
  assert.ok(elements.value.every((e, i) => e.bar === (i % 2 === 0)));
});

test('a 44-digit barcode is 405 narrow units wide at ratio 1:3', () => {
  // start 4 + 22 pairs × (4 wide × 3 + 6 narrow) + stop (3 + 1 + 1) = 4 + 396 + 5
  const bars = itfBars('00196758600001026560000001149718606852452211', 1, 3);
  assert.ok(bars.ok);
  assert.equal(bars.value.width, 405);
  assert.equal(bars.value.bars.length, 2 + 22 * 5 + 2); // start, 5 bars per pair, stop
  assert.deepEqual(bars.value.bars.slice(0, 2), [
    { x: 0, width: 1 },
    { x: 2, width: 1 },
  ]);
});

test('refuses odd lengths and non-digits', () => {
  assert.equal(itfPattern('123').ok, false);
  assert.equal(itfPattern('').ok, false);
  assert.equal(itfPattern('1a').ok, false);
});
