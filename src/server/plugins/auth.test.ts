import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.ts';
import { createAccessTokens } from '../modules/auth/access-tokens.service.ts';
import { actorOf, authPlugin } from './auth.ts';
import { docsPlugin } from './docs.ts';
import { errorsPlugin } from './errors.ts';
import { serializerCompiler } from './serializer.ts';

const accessTokens = createAccessTokens('auth-plugin-test-secret-long-enough-for-hs256', systemClock);
const apps: FastifyInstance[] = [];

/** Fastify with only what the mechanism needs: zod schemas, the error envelope, the API description, auth. */
async function appWith(addRoutes: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify();
  apps.push(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  await app.register(docsPlugin, { publicUrl: 'http://127.0.0.1', version: '0.0.0' });
  await app.register(authPlugin, { accessTokens });
  addRoutes(app);
  await app.ready();
  return app;
}

function securityOf(app: FastifyInstance, path: string): unknown {
  const doc = app.swagger() as { paths: Record<string, Record<string, { security?: unknown }>> };
  return doc.paths[path]?.get?.security;
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('config.auth', () => {
  it('both checks the bearer token and declares it, for a route added in any plugin', async () => {
    const app = await appWith((root) => {
      void root.register(async (child) => {
        child.get('/mine', { config: { auth: 'required' } }, async (req) => ({
          userId: actorOf(req).userId,
        }));
      });
    });
    const actor = { userId: randomUUID(), sessionId: randomUUID() };
    const { token } = await accessTokens.sign(actor);

    expect((await app.inject({ url: '/mine' })).statusCode).toBe(401);
    const signedIn = await app.inject({ url: '/mine', headers: { authorization: `Bearer ${token}` } });
    expect(signedIn.json()).toEqual({ userId: actor.userId });
    expect(securityOf(app, '/mine')).toEqual([{ bearerAuth: [] }]);
  });

  it('lets anonymous callers through an optional route, still refusing a malformed token', async () => {
    const app = await appWith((root) => {
      root.get('/open', { config: { auth: 'optional' } }, async (req) => ({ signedIn: req.actor !== null }));
    });

    expect((await app.inject({ url: '/open' })).json()).toEqual({ signedIn: false });
    expect((await app.inject({ url: '/open', headers: { authorization: 'Basic x' } })).statusCode).toBe(401);
    expect(securityOf(app, '/open')).toEqual([{ bearerAuth: [] }, {}]);
  });

  it("runs before the route's own onRequest hooks, so they see the actor", async () => {
    const app = await appWith((root) => {
      root.get(
        '/hooked',
        {
          config: { auth: 'required' },
          onRequest: async (req) => {
            if (!req.actor) throw new Error('the route hook ran before authentication');
          },
        },
        async () => ({ ok: true }),
      );
    });
    const { token } = await accessTokens.sign({ userId: randomUUID(), sessionId: randomUUID() });

    const res = await app.inject({ url: '/hooked', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
  });

  it('refuses, at start-up, a route whose schema writes security by hand', async () => {
    await expect(
      appWith((root) => {
        root.get('/sneaky', { schema: { security: [{ bearerAuth: [] }] } }, async () => ({}));
      }),
    ).rejects.toThrow(/config\.auth/);
  });
});
