import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/client.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { docsPlugin } from './plugins/docs.ts';
import { errorsPlugin, sendError } from './plugins/errors.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { genRequestId, requestContextPlugin } from './plugins/request-context.ts';
import { securityPlugin } from './plugins/security.ts';
import { webPlugin } from './plugins/web.ts';

export const BODY_LIMIT = 1024 * 1024;

export type AppConfig = Pick<
  Config,
  'isHttps' | 'corsOrigins' | 'metricsToken' | 'slowRequestMs' | 'publicUrl' | 'logLevel'
>;

export interface AppDeps {
  config: AppConfig;
  database: DatabaseHandle;
  /** Built web app to serve at /; omitted in API-only tests. */
  webRoot?: string | undefined;
  /** Overrides the logger built from config.logLevel (tests capture lines with this). */
  logger?: FastifyServerOptions['loggerInstance'];
}

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Builds the whole HTTP app; never listens, so tests drive it with app.inject or port 0. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const app = Fastify({
    ...(deps.logger
      ? { loggerInstance: deps.logger }
      : { logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] } }),
    bodyLimit: BODY_LIMIT,
    genReqId: genRequestId,
    requestIdHeader: false,
    // Our onResponse hook writes one line per request instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: true }),
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(requestContextPlugin, { slowRequestMs: config.slowRequestMs });
  await app.register(securityPlugin, { isHttps: config.isHttps, corsOrigins: config.corsOrigins });
  await app.register(metricsPlugin, { token: config.metricsToken });
  await app.register(docsPlugin, { publicUrl: config.publicUrl, version });

  const users = createUsersService({ db: database.db });

  await app.register(healthRoutes, { ping: () => database.ping() });
  await app.register(
    async (api) => {
      await api.register(usersRoutes, { users });
    },
    { prefix: '/api/v1' },
  );

  if (deps.webRoot) await app.register(webPlugin, { root: deps.webRoot });

  app.setNotFoundHandler((req, reply) => {
    const wantsPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !req.url.startsWith('/api/') &&
      (req.headers.accept ?? '').includes('text/html');
    if (wantsPage && app.sendWebApp) return app.sendWebApp(req, reply);
    return sendError(req, reply, 'NOT_FOUND', `No route for ${req.method} ${req.url.split('?')[0] ?? ''}.`);
  });

  return app;
}
