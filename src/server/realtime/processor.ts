import type { FastifyBaseLogger } from 'fastify';
import type { Message } from '../../contract/chat.ts';
import type { EventBus } from '../lib/events.ts';
import type { ChatService } from '../modules/chat/chat.service.ts';
import type { NotificationsService } from '../modules/notifications/notifications.service.ts';
import { memoryRoom, userRoom, type AppServer } from './gateway.ts';

export const DELIVERY_ACK_TIMEOUT_MS = 10_000;
/** Delivery acknowledgements are written and reported in batches at most this old. */
export const DELIVERY_FLUSH_MS = 100;

export interface ProcessorDeps {
  io: AppServer;
  events: EventBus;
  chat: ChatService;
  notifications: NotificationsService;
  log: FastifyBaseLogger;
  /** Other instances share the adapter (Redis): new messages are handed to them to push too. */
  multiInstance?: boolean;
}

/**
 * The one place where domain events become socket messages. Events arrive after commit, so
 * whatever a socket is told already exists in the database. Pushes for one conversation go out
 * in the order the events came, so members see messages in sequence.
 */
export function startRealtimeProcessor({
  io,
  events,
  chat,
  notifications,
  log,
  multiInstance = false,
}: ProcessorDeps): () => Promise<void> {
  const lanes = new Map<string, Promise<void>>();
  const inOrder = (lane: string, task: () => Promise<void>) => {
    const next = (lanes.get(lane) ?? Promise.resolve())
      .then(task)
      .catch((err: unknown) => log.error({ err, lane }, 'realtime push failed'));
    lanes.set(lane, next);
    void next.then(() => {
      if (lanes.get(lane) === next) lanes.delete(lane);
    });
  };
  const deliveries = createDeliveryBatcher(io, chat, log);
  const deliver = ({ message, memberIds }: { message: Message; memberIds: string[] }) => {
    const nsp = io.of('/');
    for (const userId of memberIds) {
      const socketIds = nsp.adapter.rooms.get(userRoom(userId));
      if (!socketIds) continue;
      for (const socketId of socketIds) {
        nsp.sockets
          .get(socketId)
          ?.timeout(DELIVERY_ACK_TIMEOUT_MS)
          .emit('message:new', message, (err: Error | null) => {
            // Any one of the recipient's sockets acknowledging it marks the message delivered.
            if (!err && userId !== message.senderId) deliveries.add(message, userId);
          });
      }
    }
  };
  io.on('chat:deliver', deliver);

  const changed = (room: string, type: 'memory' | 'comment' | 'conversation', id: string, at: Date) =>
    io.to(room).emit('entity:changed', { type, id, updatedAt: at.toISOString() });

  const offs = [
    // Synchronous, so pushes leave in commit-publish order. Every instance pushes to its own
    // sockets, so each acknowledgement is tied to the user the socket belongs to.
    events.subscribe('message.created', (e) => {
      const push = { message: e.message, memberIds: e.memberIds };
      if (multiInstance) io.serverSideEmit('chat:deliver', push);
      deliver(push);
    }),
    events.subscribe('message.updated', (e) =>
      inOrder(`conversation:${e.conversationId}`, async () => {
        const message = await chat.findMessage(e.messageId);
        if (message)
          io.to((await chat.memberIds(e.conversationId)).map(userRoom)).emit('message:updated', message);
      }),
    ),
    events.subscribe('message.read', (e) =>
      inOrder(`conversation:${e.conversationId}`, async () => {
        const memberIds = await chat.memberIds(e.conversationId);
        io.to(memberIds.map(userRoom)).emit('message:receipt', {
          conversationId: e.conversationId,
          userId: e.userId,
          readUpToMessageId: e.messageId,
          readSeq: e.readSeq,
        });
      }),
    ),
    // userIds includes whoever just left or was removed, so their lists refresh too.
    events.subscribe('conversation.changed', (e) => {
      for (const id of e.userIds) changed(userRoom(id), 'conversation', e.conversationId, e.at);
    }),
    events.subscribe('notification.created', (e) =>
      inOrder(`user:${e.userId}`, async () => {
        const notification = await notifications.findOne(e.userId, e.notificationId);
        if (notification) io.to(userRoom(e.userId)).emit('notification:new', notification);
      }),
    ),
    events.subscribe('memory.updated', (e) => changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at)),
    events.subscribe('memory.deleted', (e) => changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at)),
    events.subscribe('reaction.changed', (e) => changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at)),
    ...(['comment.created', 'comment.updated', 'comment.deleted'] as const).map((name) =>
      events.subscribe(name, (e) => {
        changed(memoryRoom(e.memoryId), 'comment', e.commentId, e.at);
        changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at);
      }),
    ),
  ];
  // Stops listening, then waits for the pushes already under way (shutdown closes Redis after this).
  return async () => {
    for (const off of offs) off();
    io.off('chat:deliver', deliver);
    await Promise.all([...lanes.values()]);
    await deliveries.flush();
  };
}

/**
 * Collects delivery acknowledgements and writes them every DELIVERY_FLUSH_MS in one statement,
 * then tells each sender, once per conversation, whose "delivered up to" mark rose. One message
 * to a group of 50 costs one UPDATE and one push instead of 49 of each.
 */
function createDeliveryBatcher(io: AppServer, chat: ChatService, log: FastifyBaseLogger) {
  // conversation → recipient → highest acknowledged seq and the senders of what it covers
  type Mark = { seq: number; senders: Set<string> };
  let pending = new Map<string, Map<string, Mark>>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: typeof pending): Promise<void> {
    const marks = [...batch].flatMap(([conversationId, byUser]) =>
      [...byUser].map(([userId, { seq }]) => ({ conversationId, userId, seq })),
    );
    await chat.markDeliveredMany(marks);
    for (const [conversationId, byUser] of batch) {
      const bySender = new Map<string, { userId: string; deliveredSeq: number }[]>();
      for (const [userId, { seq, senders }] of byUser) {
        for (const sender of senders) {
          const list = bySender.get(sender) ?? [];
          list.push({ userId, deliveredSeq: seq });
          bySender.set(sender, list);
        }
      }
      for (const [sender, list] of bySender) {
        io.to(userRoom(sender)).emit('message:delivered', { conversationId, deliveries: list });
      }
    }
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    if (batch.size > 0) {
      writing = writing
        .then(() => write(batch))
        .catch((err: unknown) => log.error({ err }, 'marking delivery failed'));
    }
    return writing;
  }

  return {
    add(message: Message, userId: string): void {
      let byUser = pending.get(message.conversationId);
      if (!byUser) pending.set(message.conversationId, (byUser = new Map<string, Mark>()));
      const mark = byUser.get(userId);
      if (!mark) byUser.set(userId, { seq: message.seq, senders: new Set([message.senderId]) });
      else {
        mark.seq = Math.max(mark.seq, message.seq);
        mark.senders.add(message.senderId);
      }
      timer ??= setTimeout(() => void flush(), DELIVERY_FLUSH_MS);
    },
    flush,
  };
}
