import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import {
  presenceQuerySchema,
  readMarkSchema,
  receivedSchema,
  refreshAuthSchema,
  sendMessageSchema,
  syncSchema,
  typingQuerySchema,
  typingSchema,
  watchSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../contract/chat.ts';
import { AppError } from '../lib/errors.ts';
import type { ChatService } from '../modules/chat/chat.service.ts';
import type { MemoriesService } from '../modules/memories/memories.service.ts';
import type { RelationsService } from '../modules/relations/relations.service.ts';
import type { AccessTokens, VerifiedActor } from '../modules/auth/tokens.ts';
import { requireSendAllowance, type RealtimeStore } from './realtime-store.ts';
import { createDeliveryBatcher, type DeliveryBatcher } from './deliveries.ts';
import { ackOf, handleEvent } from './socket-handler.ts';
import { createTypingRelay, type TypingRelay } from './typing.ts';
import { createSocketSlots, DEFAULT_SOCKETS_PER_USER } from './socket-slots.ts';

export const PING_INTERVAL_MS = 30_000;
export const PING_TIMEOUT_MS = 60_000;
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const TYPING_EXPIRY_MS = 6_000;
export const TYPING_SWEEP_MS = 1_000;
const EXPIRY_NOTICE_MS = 60_000;
/** Client events per socket: this many at once, refilled at EVENT_RATE_PER_S (any event counts). */
export const EVENT_BURST = 60;
export const EVENT_RATE_PER_S = 30;

export interface SocketData {
  actor: VerifiedActor;
}
/** No events of our own between instances: broadcasts to rooms cross them through the adapter. */
export type InterServerEvents = Record<never, never>;
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

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
  /** Send allowances, typing marks and socket slots, shared with the other instances when it is in Redis. */
  store: RealtimeStore;
  /** Open sockets per user over all instances (DEFAULT_SOCKETS_PER_USER when left out). */
  socketsPerUser?: number | undefined;
  typingExpiryMs?: number;
  typingSweepMs?: number;
}

export const userRoom = (userId: string) => `user:${userId}`;
export const memoryRoom = (memoryId: string) => `memory:${memoryId}`;

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

  // While shutting down, sockets leave because this instance does, not their users: no "offline",
  // and their typing marks are left to run out (another instance's sweep says "stopped").
  const state = { closing: false };
  const deliveries = createDeliveryBatcher(io, deps.chat, deps.log);
  const handlers = createHandlers(deps, io, typing, deliveries);
  io.on('connection', (socket) => onConnection(socket, deps, io, handlers, typing, state));

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

/** What the gateway keeps per socket, besides Socket.IO's own: kept small, there may be many. */
interface Connection {
  socket: AppSocket;
  userId: string;
  expiry: NodeJS.Timeout | undefined;
  /** Conversations this socket said it is typing in, to end those marks when it closes. */
  typingIn: Set<string> | undefined;
  /** The socket's event allowance (a token bucket) and when it was last refilled. */
  tokens: number;
  refilledAt: number;
}

/** Takes one event from the socket's allowance; false when it is spent. */
function takeEventToken(conn: Connection, now: number): boolean {
  conn.tokens = Math.min(EVENT_BURST, conn.tokens + ((now - conn.refilledAt) / 1000) * EVENT_RATE_PER_S);
  conn.refilledAt = now;
  if (conn.tokens < 1) return false;
  conn.tokens -= 1;
  return true;
}

type EventHandler = (conn: Connection, payload: unknown, ack?: unknown) => void;

/**
 * The client events, built once per gateway: each socket gets one dispatching listener instead
 * of a closure per event (idle sockets are most of the memory at scale).
 */
function createHandlers(
  deps: GatewayDeps,
  io: AppServer,
  typing: TypingRelay,
  deliveries: DeliveryBatcher,
): Map<string, EventHandler> {
  const { chat, memories, relations, log } = deps;
  const actorOf = (conn: Connection) => conn.socket.data.actor;
  const handlers: { [K in keyof ClientToServerEvents]: EventHandler } = {
    'auth:refresh': handleEvent(
      refreshAuthSchema,
      async ({ token }, conn: Connection) => {
        const next = await deps.accessTokens.verify(token);
        if (next.userId !== conn.userId)
          throw new AppError('FORBIDDEN', 'The token belongs to someone else.');
        conn.socket.data.actor = next;
        scheduleExpiry(conn);
        return { expiresAt: next.expiresAt.toISOString() };
      },
      log,
    ),
    'message:send': handleEvent(
      sendMessageSchema,
      async (payload, conn: Connection) => {
        // Per user, over all their sockets and instances and the HTTP route alike.
        await requireSendAllowance(deps.store, conn.userId);
        const { message } = await chat.sendMessage(actorOf(conn), payload);
        return message;
      },
      log,
    ),
    'message:read': handleEvent(
      readMarkSchema,
      (payload, conn: Connection) => chat.markRead(actorOf(conn), payload),
      log,
    ),
    // No membership check here: the batched write drops marks of non-members.
    'message:received': handleEvent(
      receivedSchema,
      async ({ received }, conn: Connection) => {
        for (const { conversationId, seq } of received) deliveries.add(conversationId, conn.userId, seq);
        return null;
      },
      log,
    ),
    typing: handleEvent(
      typingSchema,
      async ({ conversationId, isTyping }, conn: Connection) => {
        await typing.set(conn.userId, conversationId, isTyping);
        if (isTyping) (conn.typingIn ??= new Set()).add(conversationId);
        else conn.typingIn?.delete(conversationId);
        return null;
      },
      log,
    ),
    'typing:get': handleEvent(
      typingQuerySchema,
      async ({ conversationId }, conn: Connection) => ({
        typing: await typing.list(conn.userId, conversationId),
      }),
      log,
    ),
    sync: handleEvent(syncSchema, (payload, conn: Connection) => chat.sync(actorOf(conn), payload), log),
    watch: handleEvent(
      watchSchema,
      async ({ id }, conn: Connection) => {
        await memories.findVisible(conn.userId, id);
        await conn.socket.join(memoryRoom(id));
        return null;
      },
      log,
    ),
    unwatch: handleEvent(
      watchSchema,
      async ({ id }, conn: Connection) => {
        await conn.socket.leave(memoryRoom(id));
        return null;
      },
      log,
    ),
    'presence:get': handleEvent(
      presenceQuerySchema,
      async ({ userIds }, conn: Connection) => {
        const visible = await relations.visiblePresence(conn.userId, userIds);
        if (visible.length === 0) return { presence: [] };
        const sockets = await io.in(visible.map((v) => userRoom(v.userId))).fetchSockets();
        const online = new Set(sockets.map((s) => s.data.actor.userId));
        return {
          presence: visible.map((v) => ({
            userId: v.userId,
            online: online.has(v.userId),
            lastSeenAt: v.lastSeenAt?.toISOString() ?? null,
          })),
        };
      },
      log,
    ),
  };
  return new Map(Object.entries(handlers));
}

/**
 * The token was valid at the handshake (or the last auth:refresh). One timer at a time: a minute
 * before expiry it warns and arms the second, which drops the socket unless a refresh came first.
 */
function scheduleExpiry(conn: Connection): void {
  clearTimeout(conn.expiry);
  const expiresAt = conn.socket.data.actor.expiresAt;
  const expire = () => {
    conn.socket.emit('auth:expired');
    conn.socket.disconnect(true);
  };
  conn.expiry = setTimeout(
    () => {
      conn.socket.emit('auth:expiring', { expiresAt: expiresAt.toISOString() });
      conn.expiry = setTimeout(expire, Math.max(0, expiresAt.getTime() - Date.now()));
    },
    Math.max(0, expiresAt.getTime() - Date.now() - EXPIRY_NOTICE_MS),
  );
}

function onConnection(
  socket: AppSocket,
  deps: GatewayDeps,
  io: AppServer,
  handlers: Map<string, EventHandler>,
  typing: TypingRelay,
  state: { closing: boolean },
): void {
  const { relations, log } = deps;
  const conn: Connection = {
    socket,
    userId: socket.data.actor.userId,
    expiry: undefined,
    typingIn: undefined,
    tokens: EVENT_BURST,
    refilledAt: performance.now(),
  };
  const { userId } = conn;
  void socket.join(userRoom(userId));
  scheduleExpiry(conn);

  // Presence: friends hear "online" on every connect (clients keep the latest state) and "offline"
  // when the user's last socket on any instance is gone. Rooms are checked across instances.
  const tellFriends = async (online: boolean, lastSeenAt: Date | null) => {
    const friends = await relations.presenceAudience(userId);
    if (friends.length > 0) {
      io.to(friends.map(userRoom)).emit('presence', {
        userId,
        online,
        lastSeenAt: lastSeenAt?.toISOString() ?? null,
      });
    }
  };
  tellFriends(true, null).catch((err: unknown) => log.warn({ err }, 'presence push failed'));

  // Every client event goes through the shared table; an unknown one is answered, not ignored.
  // Each event, known or not, spends from the socket's allowance; past it the answer is
  // RATE_LIMITED and no handler (or query) runs.
  socket.onAny((event: string, payload: unknown, ack?: unknown) => {
    const allowed = takeEventToken(conn, performance.now());
    const handler = allowed ? handlers.get(event) : undefined;
    if (handler) {
      handler(conn, payload, ack);
      return;
    }
    ackOf<null>(
      payload,
      ack,
    )?.({
      ok: false,
      error: allowed
        ? { code: 'NOT_FOUND', message: `Unknown event "${event}".` }
        : {
            code: 'RATE_LIMITED',
            message: `Over ${EVENT_RATE_PER_S} events a second on this socket; slow down.`,
          },
    });
  });

  socket.on('disconnect', () => {
    if (!state.closing) {
      (async () => {
        if ((await io.in(userRoom(userId)).fetchSockets()).length > 0) return;
        const at = new Date();
        await relations.markLastSeen(userId, at);
        await tellFriends(false, at);
      })().catch((err: unknown) => log.warn({ err }, 'presence update failed'));
    }
    clearTimeout(conn.expiry);
    if (!state.closing && conn.typingIn && conn.typingIn.size > 0) {
      typing
        .release(userId, conn.typingIn)
        .catch((err: unknown) => log.warn({ err }, 'typing release failed'));
    }
  });
}
