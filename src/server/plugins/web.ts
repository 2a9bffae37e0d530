import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

export interface WebOptions {
  /** Directory holding the built web app (index.html + assets/). */
  root: string;
}

/** Serves the built React app at / with the SPA fallback for client-side routes. */
export const webPlugin = fp<WebOptions>(
  async (app: FastifyInstance, opts) => {
    const root = path.resolve(opts.root);
    if (!existsSync(path.join(root, 'index.html'))) {
      app.log.warn({ root }, 'web build not found; run `npm run build:web` to serve the web app');
      return;
    }
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      cacheControl: false,
      // The build writes a .br and a .gz beside each text file: sent (with Vary: Accept-Encoding) to
      // clients that accept them, the file itself to the others. They get no route of their own.
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      setHeaders: (res, filePath) => {
        // Vite fingerprints everything under assets/, so those never change under the same name;
        // index.html, sw.js and the manifest keep their names and are revalidated on every use.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.decorate('sendWebApp', (_req: FastifyRequest, reply: FastifyReply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
    app.get('/', { schema: { hide: true } }, (req, reply) => app.sendWebApp?.(req, reply));
  },
  { name: 'web' },
);

declare module 'fastify' {
  interface FastifyInstance {
    sendWebApp?: (req: FastifyRequest, reply: FastifyReply) => FastifyReply;
  }
}
