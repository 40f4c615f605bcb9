import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'regua-test-'));
let counter = 0;

/** Writes a file in a per-process temporary folder and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const path = join(dir, `${++counter}-${name}`);
  writeFileSync(path, content);
  return path;
}

export function csv(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}
