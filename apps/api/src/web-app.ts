import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite's output (apps/web): `index.html` and content-hashed files under `assets/`. */
const WEB_DIST = join('dist', 'web');
const HASHED_ASSETS = /[\\/]assets[\\/]/;
/** Paths the SPA never owns: an unknown one stays the API's problem+json 404. */
const API_PATHS = /^\/(api|health)(\/|$)/;

/**
 * The built web app's folder: `dist/web` in the first ancestor of this file that has one (the
 * repository root, whether the API runs compiled from dist/ or from source in the tests).
 */
export function findWebDist(from = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, WEB_DIST, 'index.html'))) return join(dir, WEB_DIST);
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Serves the web app at `/` when it has been built: hashed assets cached for a year (their
 * name changes with their content), `index.html` revalidated on every load so a deploy is
 * picked up, and any other GET outside /api answered with `index.html` so the app's own
 * routes (/my-bookings, /admin/...) survive a reload.
 */
export function serveWebApp(fastify: FastifyInstance, root = findWebDist()): void {
  if (!root) return;
  let indexHtml: Buffer;
  try {
    indexHtml = readFileSync(join(root, 'index.html'));
  } catch {
    return; // removed since findWebDist looked: a build is under way; start without the app
  }
  void fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    // Nest's Swagger setup registers the plugin too; one reply decorator is enough.
    decorateReply: false,
    wildcard: false,
    index: false,
    cacheControl: false,
    // dist/web/.build-stamp (scripts/build-if-stale.js) is nobody's business.
    dotfiles: 'ignore',
    setHeaders: (reply, path) => {
      void reply.header(
        'cache-control',
        HASHED_ASSETS.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?')[0];
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    if (!request.is404 || !isPage || API_PATHS.test(path) || HASHED_ASSETS.test(path)) {
      done();
      return;
    }
    void reply
      .code(200)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(indexHtml);
  });
}
