import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { sessionCookieNames } from '../../contract/auth.ts';
import { errorEnvelopeSchema } from '../../contract/envelope.ts';
import type { Actor } from '../lib/authz.ts';
import { AppError } from '../lib/errors.ts';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokens } from '../modules/auth/access-tokens.service.ts';

/** The OpenAPI security schemes the auth modes refer to (docs.ts publishes them). */
export function securitySchemes(isHttps: boolean) {
  return {
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: `The accessToken from sign-in or refresh, valid ${ACCESS_TOKEN_TTL_SECONDS / 60} minutes.`,
    },
    refreshCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: sessionCookieNames(isHttps).refresh,
      description:
        'The refresh token cookie that sign-in sets in browsers; requests that use it need the X-CSRF-Token ' +
        'header. Clients that asked for refreshIn: "body" send refreshToken in the body instead.',
    },
  } as const;
}

type Scheme = keyof ReturnType<typeof securitySchemes>;
type SecurityRequirement = Partial<Record<Scheme, string[]>>;

/**
 * How a route authenticates, declared once in its options as `config: {auth: …}`. The declaration
 * both runs the check and writes the route's OpenAPI `security`, so the two cannot disagree.
 *
 * - `required`: a valid bearer token, or 401 (UNAUTHENTICATED, or TOKEN_EXPIRED so clients refresh);
 * - `optional`: anonymous requests pass, a bad bearer token is still refused;
 * - `refreshToken`: the handler reads the refresh token (cookie or body), as /auth/refresh does;
 * - `accessOrRefreshToken`: a bearer token if sent, else the refresh token, as sign-out does.
 */
export type AuthMode = 'required' | 'optional' | 'refreshToken' | 'accessOrRefreshToken';

// `{}` is OpenAPI's "no credentials needed" alternative.
const SECURITY: Record<AuthMode, SecurityRequirement[]> = {
  required: [{ bearerAuth: [] }],
  optional: [{ bearerAuth: [] }, {}],
  refreshToken: [{ refreshCookie: [] }],
  accessOrRefreshToken: [{ bearerAuth: [] }, { refreshCookie: [] }],
};

/**
 * The one way routes authenticate. Register it before the routes: it reads `config.auth` as each is
 * added. A route's schema must not set `security` itself. Handlers read the user with actorOf(req),
 * or req.actor where a user is optional.
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
    const checks: Record<AuthMode, onRequestAsyncHookHandler | undefined> = {
      required: requireUser,
      optional: optionalUser,
      refreshToken: undefined,
      accessOrRefreshToken: optionalUser,
    };

    app.addHook('onRoute', (route: RouteOptions) => {
      if (route.schema?.security !== undefined) {
        throw new Error(
          `${String(route.method)} ${route.url}: declare config.auth instead of schema.security`,
        );
      }
      const mode = route.config?.auth;
      if (mode === undefined) return;
      const check = checks[mode];
      if (check) route.onRequest = [check, ...asArray(route.onRequest)];
      // A new object: route schemas are module constants that several routes may share.
      route.schema = {
        ...route.schema,
        security: SECURITY[mode],
        response: { 401: errorEnvelopeSchema, ...responsesOf(route) },
      };
    });
    done();
  },
  { name: 'auth' },
);

function responsesOf(route: RouteOptions): Record<string, unknown> {
  const response: unknown = route.schema?.response;
  return typeof response === 'object' && response !== null ? { ...response } : {};
}

function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The authenticated actor of a route declared with `config: {auth: 'required'}`. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** How the route authenticates (plugins/auth.ts); absent: it does not. */
    auth?: AuthMode;
  }
}
