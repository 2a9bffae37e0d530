import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import cookie from '@fastify/cookie';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import { startHousekeeping } from './housekeeping.ts';
import { serverOptions } from './server-options.ts';
import { closeLogger, createLogger } from './logger.ts';
import type { DatabaseHandle } from './db/client.ts';
import { createBackgroundTasks, type BackgroundTasks } from './lib/background.ts';
import { createEventBus, type EventBus } from './lib/events.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { createSmtpMailer, type Mailer } from './lib/mailer.ts';
import { accountRoutes } from './modules/auth/account.routes.ts';
import { createAccountService } from './modules/auth/account.service.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { createOutboxMailer } from './modules/auth/outbox-mailer.ts';
import { createCsrfTokens } from './modules/auth/csrf.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createAccessTokens } from './modules/auth/access-tokens.service.ts';
import { citiesRoutes } from './modules/cities/cities.routes.ts';
import { createCitiesService } from './modules/cities/cities.service.ts';
import { commentsRoutes } from './modules/comments/comments.routes.ts';
import { createCommentsService } from './modules/comments/comments.service.ts';
import { calendarRoutes } from './modules/events/calendar.routes.ts';
import { createCalendarService } from './modules/events/calendar.service.ts';
import { eventsRoutes } from './modules/events/events.routes.ts';
import { createEventsService } from './modules/events/events.service.ts';
import { createCalendarCache, registerCalendarCacheMetrics } from './modules/events/calendar-cache.ts';
import { registrationsCsvRoutes } from './modules/events/registrations-csv.routes.ts';
import { resumeRoutes } from './modules/events/resume.routes.ts';
import { createResumeService } from './modules/events/resume.service.ts';
import { createSeriesHorizonService } from './modules/events/series-horizon.service.ts';
import { groupsRoutes } from './modules/groups/groups.routes.ts';
import { createGroupsService } from './modules/groups/groups.service.ts';
import { chatRoutes } from './modules/chat/chat.routes.ts';
import { createChatService } from './modules/chat/chat.service.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { createIdempotencyService } from './modules/idempotency/idempotency.service.ts';
import { memoriesRoutes } from './modules/memories/memories.routes.ts';
import { createHomePageCache, registerHomeCacheMetrics } from './modules/memories/home-cache.ts';
import { createMemoriesService } from './modules/memories/memories.service.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { createNotificationsService } from './modules/notifications/notifications.service.ts';
import { createFriendRequestsService } from './modules/relations/friend-requests.service.ts';
import { createRelationshipsService } from './modules/relations/relationships.service.ts';
import { relationsRoutes } from './modules/relations/relations.routes.ts';
import { createRelationsService } from './modules/relations/relations.service.ts';
import { reactionsRoutes } from './modules/reactions/reactions.routes.ts';
import { createReactionsService } from './modules/reactions/reactions.service.ts';
import { reportsRoutes } from './modules/reports/reports.routes.ts';
import { createReportsService } from './modules/reports/reports.service.ts';
import { meRoutes } from './modules/users/me.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { createUsersService } from './modules/users/users.service.ts';
import { docsPlugin } from './plugins/docs.ts';
import { errorsPlugin, sendError } from './plugins/errors.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import { authPlugin } from './plugins/auth.ts';
import { inputGuardPlugin } from './plugins/input-guard.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { requestContextPlugin } from './plugins/request-context.ts';
import { computeSecurityHeaders, securityPlugin } from './plugins/security.ts';
import { serializerCompiler } from './plugins/serializer.ts';
import { webPlugin } from './plugins/web.ts';
import { createGateway, type AppServer } from './realtime/gateway.ts';
import { startRealtimeProcessor } from './realtime/processor.ts';
import { createRealtimeStore, DEFAULT_SEND_LIMIT, type RealtimeOptions } from './realtime/realtime-store.ts';

export type AppConfig = Pick<
  Config,
  | 'isHttps'
  | 'isProduction'
  | 'corsOrigins'
  | 'metricsToken'
  | 'slowRequestMs'
  | 'publicUrl'
  | 'logLevel'
  | 'jwtSecret'
  | 'rateLimits'
  | 'trustProxy'
  | 'smtpUrl'
  | 'mailFrom'
  | 'homeCacheMb'
  | 'calendarCacheMb'
  | 'socketsPerUser'
>;

export interface AppDeps {
  config: AppConfig;
  database: DatabaseHandle;
  /** Built web app to serve at /; omitted in API-only tests. */
  webRoot?: string | undefined;
  /** Overrides the logger built from config.logLevel (tests capture lines with this). */
  logger?: FastifyServerOptions['loggerInstance'];
  clock?: Clock;
  /** Replaces the transport chosen by config (outbox, or SMTP when SMTP_URL is set). */
  mailer?: Mailer;
  /** Shared state for rate limits, typing and the socket adapter across instances; in-process when absent. */
  redis?: Redis | undefined;
  /** Prefix of this deployment's keys in Redis. */
  redisPrefix?: string;
  /** Chat send limit and typing timings; tests and benches change them. */
  realtime?: RealtimeOptions;
}

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Builds the whole HTTP app; never listens, so tests drive it with app.inject or port 0. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const securityHeaders = computeSecurityHeaders({ isHttps: config.isHttps });
  const ownLogger = deps.logger ? undefined : createLogger(config.logLevel);
  const logger = deps.logger ?? ownLogger;
  const app = Fastify(
    serverOptions({ logger, trustProxy: config.trustProxy, securityHeaders }),
  ).withTypeProvider<ZodTypeProvider>();
  const clock = deps.clock ?? systemClock;
  const background = createBackgroundTasks(app.log);
  app.decorate('background', background);
  // onClose hooks run last-registered first: this one, registered first, closes the logger made here
  // after everything that logs on close.
  if (ownLogger) app.addHook('onClose', () => closeLogger(ownLogger));
  app.addHook('onClose', () => background.drain());
  // While closing, answer in-flight requests with "Connection: close" so keep-alive clients let go
  // and shutdown does not wait out their idle timeout.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(inputGuardPlugin);
  await app.register(requestContextPlugin, {
    slowRequestMs: config.slowRequestMs,
    isClosing: () => closing,
  });
  await app.register(securityPlugin, { headers: securityHeaders, corsOrigins: config.corsOrigins });
  await app.register(metricsPlugin, { token: config.metricsToken });
  await app.register(docsPlugin, { publicUrl: config.publicUrl, version });
  await app.register(rateLimitPlugin, {
    globalPerMinute: config.rateLimits.globalPerMinute,
    redis: deps.redis,
    namespace: `${deps.redisPrefix ?? 'abrazo'}:rl`,
  });
  const accessTokens = createAccessTokens(config.jwtSecret, clock);
  await app.register(authPlugin, { accessTokens });

  const db = database.db;
  const mailer =
    deps.mailer ??
    (config.smtpUrl
      ? createSmtpMailer(config.smtpUrl, config.mailFrom)
      : createOutboxMailer(db, app.log, { logBodies: !config.isProduction }));
  const cookies = { secure: config.isHttps };
  const events = createEventBus(app.log);
  app.decorate('events', events);
  const users = createUsersService({ db, relationships: createRelationshipsService({ db }) });
  const cities = createCitiesService({ db, users });
  const notifications = createNotificationsService({ db, events, clock });
  // Per-user send allowance (sockets and HTTP alike) and typing marks; in Redis when there is one.
  const realtimeStore = createRealtimeStore({
    redis: deps.redis,
    prefix: deps.redisPrefix ?? 'abrazo',
    sendLimit: deps.realtime?.sendLimit ?? DEFAULT_SEND_LIMIT,
    log: app.log,
  });
  const chat = createChatService({
    db,
    events,
    clock,
    sends: { take: (userId) => realtimeStore.takeSend(userId) },
  });
  // Groups keep each group's chat to its members through the chat service.
  const groups = createGroupsService({ db, events, users, notifications, chat });
  const relations = createRelationsService({ db, events, clock, notifications, users });
  const homeCache = createHomePageCache(config.homeCacheMb * 1024 * 1024);
  registerHomeCacheMetrics(app.metrics, homeCache);
  const memories = createMemoriesService({
    db,
    events,
    clock,
    notifications,
    users,
    relations,
    groups,
    homeCache,
  });
  const calendarCache = createCalendarCache(config.calendarCacheMb * 1024 * 1024);
  registerCalendarCacheMetrics(app.metrics, calendarCache);
  events.subscribe('calendar.changed', ({ cityIds }) => calendarCache.forget(cityIds));
  const tangoEvents = createEventsService({
    db,
    events,
    clock,
    notifications,
    users,
    relations,
    groups,
    calendarCache,
  });
  const calendar = createCalendarService({ db, clock, publicUrl: config.publicUrl });
  const resume = createResumeService({ db, users, relations });
  const seriesHorizon = createSeriesHorizonService({ db, clock });
  const friendRequests = createFriendRequestsService({ db, events, clock, notifications, users });
  const reports = createReportsService({ db, clock });
  const comments = createCommentsService({ db, events, clock, memories, notifications });
  const reactions = createReactionsService({ db, events, clock, memories, notifications });
  const idempotency = createIdempotencyService({ db, clock });
  const auth = createAuthService({
    db,
    clock,
    accessTokens,
    csrf: createCsrfTokens(config.jwtSecret),
    users,
    mailer,
    background,
    publicUrl: config.publicUrl,
  });
  const account = createAccountService({
    db,
    clock,
    users,
    mailer,
    background,
    publicUrl: config.publicUrl,
    beforeUserDeleted: [
      relations.forgetUser,
      notifications.forgetUser,
      reactions.forgetUser,
      comments.forgetUser,
      groups.forgetUser,
      tangoEvents.forgetUser,
    ],
  });

  // Housekeeping: dead sessions and tokens, old feed changes and expired idempotency keys go hourly;
  // series get the dates that came within their horizon.
  const stopHousekeeping = startHousekeeping(app.log, [
    { what: 'expired sessions and tokens', run: () => account.purgeExpired() },
    { what: 'old feed changes', run: () => memories.pruneFeedChanges() },
    { what: 'home timeline rows past the cap', run: () => relations.trimHomeTimelines() },
    { what: 'expired idempotency keys', run: () => idempotency.purgeExpired() },
    { what: 'series dates within the horizon', action: 'add', run: () => seriesHorizon.extendSeries() },
  ]);
  app.addHook('onClose', async () => stopHousekeeping());

  await app.register(healthRoutes, { ping: () => database.ping() });
  // Before the routes: it hooks the ones that set config.idempotent as they are added.
  await app.register(idempotencyPlugin, { idempotency });
  await app.register(
    async (api) => {
      // Only the session routes read or set cookies, so only they pay for parsing them.
      await api.register(async (session) => {
        await session.register(cookie);
        await session.register(authRoutes, { auth, account, cookies, limits: config.rateLimits });
        await session.register(accountRoutes, { account, cookies, limits: config.rateLimits });
      });
      await api.register(meRoutes, { users });
      await api.register(usersRoutes, { users });
      await api.register(citiesRoutes, { cities });
      await api.register(groupsRoutes, { groups });
      await api.register(eventsRoutes, { events: tangoEvents });
      await api.register(calendarRoutes, { calendar });
      await api.register(registrationsCsvRoutes, { events: tangoEvents });
      await api.register(resumeRoutes, { resume });
      await api.register(memoriesRoutes, { memories });
      await api.register(relationsRoutes, { relations, friendRequests });
      await api.register(notificationsRoutes, { notifications });
      await api.register(reportsRoutes, { reports });
      await api.register(commentsRoutes, { comments });
      await api.register(reactionsRoutes, { reactions });
      await api.register(chatRoutes, { chat });
    },
    { prefix: '/api/v1' },
  );

  // Socket.IO on the same port; domain events become socket messages in one processor.
  const gateway = createGateway({
    server: app.server,
    accessTokens,
    chat,
    memories,
    relations,
    log: app.log,
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    store: realtimeStore,
    socketsPerUser: config.socketsPerUser,
    typingExpiryMs: deps.realtime?.typingExpiryMs,
    typingSweepMs: deps.realtime?.typingSweepMs,
  });
  const stopProcessor = startRealtimeProcessor({
    io: gateway.io,
    events,
    chat,
    notifications,
    relations,
    log: app.log,
  });
  app.decorate('io', gateway.io);
  // Sockets go first, so the HTTP server can finish closing; the adapter's Redis clients last.
  app.addHook('preClose', async () => {
    await stopProcessor();
    gateway.disconnectAll();
  });
  app.addHook('onClose', () => gateway.close());

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

declare module 'fastify' {
  interface FastifyInstance {
    background: BackgroundTasks;
    /** Domain events, published after commit; the realtime gateway subscribes. */
    events: EventBus;
    /** The Socket.IO server sharing the app's port. */
    io: AppServer;
  }
}
