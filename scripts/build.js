#!/usr/bin/env node
// Compiles the server and CLI sources ahead of time: one ES module, dist/regua.js, with the
// npm packages left as imports (they load from node_modules). bin/regua.js runs it when it is
// newer than every file in src/, so `regua` does not transpile TypeScript at each start.
// Dynamic imports stay lazy: each becomes its own chunk in dist/. The migrations are read
// from the folder next to the module (src/db/migrations, dist/migrations).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  // The PDF worker thread imports the renderers by URL (src/pdf/render-in-worker.ts).
  entryPoints: { regua: 'src/cli/main.ts', 'pdf-renderers': 'src/use-cases/pdf-renderers.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
cpSync('src/db/migrations', 'dist/migrations', { recursive: true });

// `regua --help` is the same text every time: rendered here once from the commands' own
// definitions, so printing it loads none of them.
const help = spawnSync(process.execPath, ['dist/regua.js', '--help'], { encoding: 'utf8', env: { ...process.env, REGUA_DEV: '' } });
if (help.status !== 0) throw new Error(`regua --help failed: ${help.stderr}`);
writeFileSync('dist/help.txt', help.stdout);
