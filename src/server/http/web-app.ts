import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the server answers itself; everything else that asks for a page gets the browser application. */
const SERVER_PATHS = /^\/(api|docs|health|openapi\.json)(\/|\?|$)/;

export type WebApp = {
  /** Sends index.html for a browser asking for a page the application routes itself; false otherwise. */
  fallback: (request: FastifyRequest, reply: FastifyReply) => boolean;
};

/**
 * Serves the built browser application (dist/web) at `/`: hashed assets cached for a year, index.html
 * never cached so a new build is picked up at once. Returns null when no build exists (tests, API only).
 */
export async function registerWebApp(app: FastifyInstance, dir: string): Promise<WebApp | null> {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return null;
  const index = readFileSync(indexFile, 'utf8');
  await app.register(fastifyStatic, {
    root: dir,
    // One route per built file, found at start; unknown paths fall through to the fallback below.
    wildcard: false,
    index: false,
    allowedPath: (path) => !path.startsWith('/.'),
    setHeaders: (reply, path) => {
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const sendIndex = (reply: FastifyReply) =>
    reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  app.get('/', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) =>
    sendIndex(reply),
  );
  return {
    fallback: (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      if (SERVER_PATHS.test(request.url)) return false;
      if (!(request.headers.accept ?? '').includes('text/html')) return false;
      void sendIndex(reply);
      return true;
    },
  };
}
