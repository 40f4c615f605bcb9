import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { progressBar, showsProgress } from './progress.ts';

/** A stream that records what is written, claiming to be a terminal or not. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(out, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, text: () => chunks.join('') });
  return out;
}

describe('progress on stderr', () => {
  it('is drawn for a person at a terminal, never into a pipe or a file, never with --json', () => {
    assert.equal(showsProgress({ isTTY: true }), true);
    assert.equal(showsProgress({ isTTY: true }, { json: false }), true);
    assert.equal(showsProgress({ isTTY: true }, { json: true }), false);
    assert.equal(showsProgress({ isTTY: false }), false);
    assert.equal(showsProgress({}), false);
  });

  it('on a terminal: the bar with the rate and the time left when the total is known', () => {
    const tty = stream(true);
    const bar = progressBar('importing invoices', { stream: tty });
    bar.update(50, 100, { n: 500, unit: 'rows' });
    bar.update(100, 100, { n: 1000, unit: 'rows' });
    bar.done();
    assert.match(tty.text(), /importing invoices \[.*\] 100% \| 1,000 rows \| [\d,]+ rows\/s \| .* left/);
  });

  it('on a terminal, with no known total: a counter with the rate', () => {
    const tty = stream(true);
    const bar = progressBar('deciding', { stream: tty });
    bar.update(200, undefined, { n: 200, unit: 'customers' });
    bar.done();
    assert.match(tty.text(), /deciding 200 customers \| [\d,]+ customers\/s/);
  });

  it('on a pipe or with --json: not one byte', () => {
    for (const [out, json] of [
      [stream(false), false],
      [stream(true), true],
    ] as const) {
      const bar = progressBar('importing', { stream: out, json });
      bar.update(1, 2, { n: 1, unit: 'rows' });
      bar.done();
      assert.equal(out.text(), '');
    }
  });
});
