import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../lib/authz.ts';
import { AppError } from '../lib/errors.ts';
import type { AccessTokens } from '../modules/auth/tokens.ts';

/**
 * The one way routes authenticate. `requireUser` refuses a request without a valid bearer token
 * (UNAUTHENTICATED, or TOKEN_EXPIRED so clients know to refresh); `optionalUser` lets anonymous
 * requests through but still refuses a bad token. Handlers read it with actorOf(req), or req.actor where a user is optional.
 */
export const authPlugin = fp<{ accessTokens: AccessTokens }>(
  (app: FastifyInstance, { accessTokens }, done) => {
    app.decorateRequest('actor', null);

    async function readBearer(req: FastifyRequest): Promise<Actor | null> {
      const header = req.headers.authorization;
      if (header === undefined) return null;
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
      if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Use "Authorization: Bearer <access token>".');
      return accessTokens.verify(match[1]);
    }

    const requireUser: onRequestAsyncHookHandler = async (req) => {
      const actor = await readBearer(req);
      if (!actor) throw new AppError('UNAUTHENTICATED');
      req.actor = actor;
    };
    const optionalUser: onRequestAsyncHookHandler = async (req) => {
      req.actor = await readBearer(req);
    };
    app.decorate('requireUser', requireUser);
    app.decorate('optionalUser', optionalUser);
    done();
  },
  { name: 'auth' },
);

/** The authenticated actor of a route guarded by requireUser. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    requireUser: onRequestAsyncHookHandler;
    optionalUser: onRequestAsyncHookHandler;
  }
}
