#!/usr/bin/env node
// Compiles the server and CLI sources ahead of time: one ES module, dist/regua.js, with the
// npm packages left as imports (they load from node_modules). bin/regua.js runs it when it is
// newer than every file in src/, so `regua` does not transpile TypeScript at each start.
// Dynamic imports stay lazy: each becomes its own chunk in dist/. The migrations are read
// from the folder next to the module (src/db/migrations, dist/migrations).
import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { regua: 'src/cli/main.ts' },
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
