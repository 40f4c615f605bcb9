import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';

/** A long command's progress: drawn on a terminal, silent on a pipe or with --json. */
export interface Progress {
  /** `done` of `total` (total undefined when the end is not known in advance); `count` items of `unit` so far give the rate. */
  update(done: number, total?: number, count?: { n: number; unit: string }): void;
  done(): void;
}

/** Whether a command draws progress: only for a person watching a terminal, never into a pipe, a file or JSON output. */
export function showsProgress(stream: { isTTY?: boolean }, options: { json?: boolean } = {}): boolean {
  return Boolean(stream.isTTY) && !options.json;
}

const silent: Progress = { update: () => undefined, done: () => undefined };

/**
 * A progress bar on stderr (cli-progress) with the rate and, when the total is known, the
 * time left; a plain counter with the rate when it is not.
 */
export function progressBar(label: string, options: { json?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (!showsProgress(stream, options)) return silent;
  const { SingleBar } = createRequire(import.meta.url)('cli-progress') as typeof CliProgress;
  const started = Date.now();
  let bar: CliProgress.SingleBar | undefined;
  let known = false;
  return {
    update(done, total, count) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      const items = count ?? { n: done, unit: '' };
      const payload = {
        rate: `${Math.round(items.n / seconds).toLocaleString('en')} ${items.unit}/s`.replace(' /s', '/s'),
        items: `${items.n.toLocaleString('en')} ${items.unit}`.trim(),
      };
      if (!bar) {
        known = total !== undefined && total > 0;
        const format = known ? `${label} [{bar}] {percentage}% | {items} | {rate} | {eta_formatted} left` : `${label} {items} | {rate}`;
        bar = new SingleBar({ stream, format, hideCursor: true, barsize: 30, etaBuffer: 20, fps: 10, noTTYOutput: false }, undefined);
        bar.start(known ? total! : 1, 0, payload);
      }
      bar.update(known ? done : 0, payload);
    },
    done() {
      bar?.stop();
    },
  };
}
