import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BUILT_FIXTURES } from './fixtures/build.ts';
import { fixedWidthRecord, overwrite } from './fixtures/fixed-width-builder.ts';

test('the committed CNAB fixtures are exactly what the position-by-position builders write', () => {
  for (const [name, build] of Object.entries(BUILT_FIXTURES)) {
    const committed = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');
    assert.equal(committed, build(), `${name} differs from fixtures/build.ts: regenerate it`);
  }
});

test('the builder places numbers and text at their positions and refuses overlaps or overflows', () => {
  assert.equal(
    fixedWidthRecord(10, [
      [1, 3, 7],
      [5, 8, 'AB'],
    ]),
    '007 AB    ',
  );
  assert.throws(
    () =>
      fixedWidthRecord(10, [
        [1, 3, 7],
        [3, 4, 'AB'],
      ]),
    /overlap/,
  );
  assert.throws(() => fixedWidthRecord(10, [[1, 2, 123]]), /does not fit/);
  assert.throws(() => fixedWidthRecord(10, [[9, 11, 'A']]), /outside/);
  assert.equal(overwrite('0123456789', 3, 4, 'ab'), '01ab456789');
});
