#!/usr/bin/env node
// Régua's CLI. Installed copies run the sources compiled ahead by scripts/build.js (dist/,
// built by `npm ci`/`npm install` through `prepare`); a checkout whose src/ changed since
// the last build, or REGUA_DEV=1, runs the TypeScript sources through tsx instead.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = join(root, 'dist', 'regua.js');

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  if (process.env.REGUA_DEV === '1') return false;
  let built;
  try {
    built = statSync(compiled).mtimeMs;
  } catch {
    return false;
  }
  try {
    return built >= newestIn(join(root, 'src'));
  } catch {
    return true; // a package without src/: dist is all there is
  }
}

const args = process.argv.slice(2);
if (compiledIsFresh()) {
  // The top-level help was rendered by the build (scripts/build.js): printed without loading a command.
  if (args.length === 1 && ['--help', '-h', 'help'].includes(args[0])) process.stdout.write(readFileSync(join(root, 'dist', 'help.txt')));
  else await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
