import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { AppError } from '../lib/errors.ts';
import type { AccessTokens } from '../modules/auth/access-tokens.service.ts';
import type { ChatService } from '../modules/chat/chat.service.ts';
import type { MemoriesService } from '../modules/memories/memories.service.ts';
import type { RelationsService } from '../modules/relations/relations.service.ts';
import { createDeliveryBatcher } from './deliveries.ts';
import { onConnection } from './gateway.connection.ts';
import { createHandlers } from './gateway.handlers.ts';
import type { RealtimeStore } from './realtime-store.types.ts';
import { userRoom } from './rooms.ts';
import { createSocketSlots, DEFAULT_SOCKETS_PER_USER } from './socket-slots.ts';
import type { AppServer } from './socket-types.ts';
import { createTypingRelay } from './typing.ts';

export type { AppServer } from './socket-types.ts';

export const PING_INTERVAL_MS = 30_000;
export const PING_TIMEOUT_MS = 60_000;
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const TYPING_EXPIRY_MS = 6_000;
export const TYPING_SWEEP_MS = 1_000;

export interface GatewayDeps {
  server: HttpServer;
  accessTokens: AccessTokens;
  chat: ChatService;
  memories: MemoriesService;
  relations: RelationsService;
  log: FastifyBaseLogger;
  /** Carries broadcasts between instances when set. */
  redis?: Redis | undefined;
  redisPrefix?: string;
  /** Typing marks and socket slots, shared with the other instances when it is in Redis. */
  store: RealtimeStore;
  /** Open sockets per user over all instances (DEFAULT_SOCKETS_PER_USER when left out). */
  socketsPerUser?: number | undefined;
  typingExpiryMs?: number;
  typingSweepMs?: number;
}

/** Socket.IO on the app's own HTTP server: handshake auth, one room per user, every client event acked. */
export function createGateway(deps: GatewayDeps): {
  io: AppServer;
  disconnectAll(): void;
  close(): Promise<void>;
} {
  const io: AppServer = new Server(deps.server, {
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    serveClient: false,
    // Same origin only, like the HTTP API's CORS default.
    cors: { origin: false },
  });
  const redisClients: Redis[] = [];
  if (deps.redis) {
    const pub = deps.redis.duplicate();
    const sub = deps.redis.duplicate();
    // ioredis reconnects by itself; an unheard 'error' event would crash the process instead.
    for (const client of [pub, sub]) {
      client.on('error', (err: unknown) => deps.log.warn({ err }, 'socket.io redis connection error'));
    }
    redisClients.push(pub, sub);
    io.adapter(createAdapter(pub, sub, { key: `${deps.redisPrefix ?? 'abrazo'}:socket.io` }));
  }

  const slots = createSocketSlots({
    store: deps.store,
    max: deps.socketsPerUser ?? DEFAULT_SOCKETS_PER_USER,
    log: deps.log,
  });
  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    if (typeof token !== 'string' || token.length === 0) {
      next(authError(new AppError('UNAUTHENTICATED', 'Connect with auth: {token: <access token>}.')));
      return;
    }
    deps.accessTokens
      .verify(token)
      .then(async (actor) => {
        socket.data.actor = actor;
        // Not kept for the socket's lifetime: auth:refresh replaces it, and it is a credential.
        delete (auth as { token?: unknown }).token;
        // Last, so that a refused handshake holds no slot: TOO_MANY_CONNECTIONS past the cap.
        await slots.acquire(socket, actor.userId);
      })
      .then(
        () => next(),
        (err: unknown) => next(authError(err)),
      );
  });

  const typing = createTypingRelay({
    store: deps.store,
    memberIds: (conversationId) => deps.chat.memberIds(conversationId),
    emit: (userIds, event) => io.to(userIds.map(userRoom)).emit('typing', event),
    expiryMs: deps.typingExpiryMs ?? TYPING_EXPIRY_MS,
    sweepMs: deps.typingSweepMs ?? TYPING_SWEEP_MS,
    log: deps.log,
  });

  // Set while shutting down: sockets then leave because this instance does, not their users.
  const state = { closing: false };
  const deliveries = createDeliveryBatcher(io, deps.chat, deps.log);
  const handlers = createHandlers({ ...deps, io, typing, deliveries });
  io.on('connection', (socket) =>
    onConnection(socket, { io, relations: deps.relations, handlers, typing, log: deps.log, state }),
  );

  return {
    io,
    /** Drops this instance's sockets and stops the engine; the HTTP server is the app's to close. */
    disconnectAll() {
      state.closing = true;
      io.local.disconnectSockets(true);
      io.engine.close();
    },
    async close() {
      await slots.close();
      await deliveries.flush();
      await typing.close();
      // Let the adapter unsubscribe and its last publishes finish before the connections go.
      await io.of('/').adapter.close();
      await Promise.all(redisClients.map((client) => client.quit().catch(() => undefined)));
    },
  };
}

/** The connect error a client sees: err.message is the code, err.data has code and message. */
function authError(err: unknown): Error {
  const app = err instanceof AppError ? err : new AppError('UNAUTHENTICATED');
  return Object.assign(new Error(app.code), { data: { code: app.code, message: app.message } });
}
