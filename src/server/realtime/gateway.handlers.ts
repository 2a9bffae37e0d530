import type { FastifyBaseLogger } from 'fastify';
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
} from '../../contract/chat.ts';
import { AppError } from '../lib/errors.ts';
import type { AccessTokens } from '../modules/auth/access-tokens.service.ts';
import type { ChatService } from '../modules/chat/chat.service.ts';
import type { MemoriesService } from '../modules/memories/memories.service.ts';
import type { RelationsService } from '../modules/relations/relations.service.ts';
import type { DeliveryBatcher } from './deliveries.ts';
import type { Connection, EventHandler } from './gateway.connection.ts';
import { scheduleExpiry } from './gateway.expiry.ts';
import { memoryRoom, userRoom } from './rooms.ts';
import { handleEvent } from './socket-handler.ts';
import type { AppServer } from './socket-types.ts';
import type { TypingRelay } from './typing.ts';

export interface HandlerDeps {
  io: AppServer;
  accessTokens: AccessTokens;
  chat: ChatService;
  memories: Pick<MemoriesService, 'findVisible'>;
  relations: Pick<RelationsService, 'visiblePresence'>;
  typing: TypingRelay;
  deliveries: DeliveryBatcher;
  log: FastifyBaseLogger;
}

/**
 * The client events, built once per gateway: each socket gets one dispatching listener instead
 * of a closure per event (idle sockets are most of the memory at scale).
 */
export function createHandlers(deps: HandlerDeps): Map<string, EventHandler> {
  const { io, accessTokens, chat, memories, relations, typing, deliveries, log } = deps;
  const actorOf = (conn: Connection) => conn.socket.data.actor;
  const handlers: { [K in keyof ClientToServerEvents]: EventHandler } = {
    'auth:refresh': handleEvent(
      refreshAuthSchema,
      async ({ token }, conn: Connection) => {
        const next = await accessTokens.verify(token);
        if (next.userId !== conn.userId)
          throw new AppError('FORBIDDEN', 'The token belongs to someone else.');
        conn.socket.data.actor = next;
        scheduleExpiry(conn);
        return { expiresAt: next.expiresAt.toISOString() };
      },
      log,
    ),
    // The send limit is the chat service's, spent alike by this event and the HTTP route.
    'message:send': handleEvent(
      sendMessageSchema,
      async (payload, conn: Connection) => (await chat.sendMessage(actorOf(conn), payload)).message,
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
