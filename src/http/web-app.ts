import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// The project root (with package.json): two levels up from src/http, one from the compiled dist/.
const root = projectRoot(dirname(fileURLToPath(import.meta.url)));
function projectRoot(dir: string): string {
  return existsSync(join(dir, 'package.json')) || dirname(dir) === dir ? dir : projectRoot(dirname(dir));
}
const defaultDist = join(root, 'web/dist');

// The app loads only its own bundle and talks only to its own API; no page may frame it.
const appContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/**
 * The browser app at `/`: the files of web/dist (built by `npm install`'s prepare script, or here on
 * start when missing), and index.html for every other GET outside /api so the app's own routes
 * (/customers/…) load on refresh. The API keeps /api; its 404s stay JSON.
 */
export async function webAppRoutes(app: FastifyInstance, options: { dist?: string; buildWhenMissing?: boolean } = {}): Promise<void> {
  const dist = options.dist ?? defaultDist;
  if (!existsSync(join(dist, 'index.html')) && (options.buildWhenMissing ?? buildOnStart())) buildWebApp();
  if (!existsSync(join(dist, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('The web app is not built: run "npm run build:web". The API is at /api (docs at /api/docs).\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    schemaHide: true,
    setHeaders: (response, path) => {
      if (path.endsWith('.html')) response.header('content-security-policy', appContentSecurityPolicy);
    },
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/') || path.startsWith('/hooks/') || path.startsWith('/optout/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${path}`, details: null } });
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', appContentSecurityPolicy)
      .sendFile('index.html');
  });
}

/** `regua serve` builds a missing bundle; tests (node --test) and the build itself (REGUA_WEB_BUILD=skip) never do. */
function buildOnStart(): boolean {
  return process.env.REGUA_WEB_BUILD !== 'skip' && process.env.NODE_TEST_CONTEXT === undefined;
}

function buildWebApp(): void {
  if (!existsSync(join(root, 'node_modules/vite'))) return;
  process.stderr.write('web app not built yet: building it (npm run build:web)…\n');
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, REGUA_WEB_BUILD: 'skip' },
  });
  if (result.status !== 0) process.stderr.write('web app build failed; serving the API only\n');
}
