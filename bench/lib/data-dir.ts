import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A path inside the folder the benchmarks write to, created if missing (a fresh clone has no
 * bench/data). REGUA_BENCH_DATA moves the folder: the smoke runs write to a temporary one and
 * leave bench/data's databases and results alone; child processes inherit it.
 */
export function benchDataPath(name = ''): string {
  const root = process.env.REGUA_BENCH_DATA || fileURLToPath(new URL('../data/', import.meta.url));
  mkdirSync(root, { recursive: true });
  return join(root, name);
}

/**
 * --smoke: tiny sizes, the embedded engine, results in a temporary folder and never in
 * bench/RESULTS.md. It proves the script still runs end to end, not how fast it is.
 */
export function smokeMode(): boolean {
  const smoke = process.argv.includes('--smoke');
  if (smoke && !process.env.REGUA_BENCH_DATA) process.env.REGUA_BENCH_DATA = join(process.cwd(), '.test-cache', `bench-smoke-${process.pid}`);
  return smoke;
}
