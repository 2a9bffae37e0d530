import type { FastifyBaseLogger } from 'fastify';
import type { ChatService } from '../modules/chat/chat.service.ts';
import { userRoom } from './rooms.ts';
import type { AppServer } from './socket-types.ts';

/** Delivery confirmations are written and reported in batches at most this old. */
export const DELIVERY_FLUSH_MS = 100;
/** Marks waiting while a write is under way; past this, new (conversation, user) pairs are dropped. */
export const MAX_PENDING_MARKS = 50_000;

export interface DeliveryBatcher {
  /** The user's sockets hold everything up to seq in the conversation (membership is checked on write). */
  add(conversationId: string, userId: string, seq: number): void;
  /** Writes what is pending and waits for it. */
  flush(): Promise<void>;
}

type Tell = {
  conversationId: string;
  senderId: string;
  deliveries: { userId: string; deliveredSeq: number }[];
};

/**
 * Collects message:received confirmations and writes them every DELIVERY_FLUSH_MS in one
 * statement, then tells each sender, once per conversation, whose "delivered up to" mark rose over
 * their messages. A message to a group of 50 costs one write and one push per sender instead of
 * 49 of each. One write at a time: what arrives meanwhile is merged into the next batch, which is
 * bounded, so a flood of confirmations cannot outgrow the database.
 */
export function createDeliveryBatcher(
  io: AppServer,
  chat: ChatService,
  log: FastifyBaseLogger,
): DeliveryBatcher {
  // conversation → recipient → highest confirmed seq
  let pending = new Map<string, Map<string, number>>();
  let size = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  async function write(batch: typeof pending): Promise<void> {
    const marks = [...batch].flatMap(([conversationId, byUser]) =>
      [...byUser].map(([userId, seq]) => ({ conversationId, userId, seq })),
    );
    const tell = new Map<string, Tell>();
    for (const r of await chat.markDeliveredMany(marks)) {
      const key = `${r.conversationId}:${r.senderId}`;
      let entry = tell.get(key);
      if (!entry)
        tell.set(key, (entry = { conversationId: r.conversationId, senderId: r.senderId, deliveries: [] }));
      entry.deliveries.push({ userId: r.userId, deliveredSeq: r.deliveredSeq });
    }
    for (const { conversationId, senderId, deliveries } of tell.values()) {
      io.to(userRoom(senderId)).emit('message:delivered', { conversationId, deliveries });
    }
  }

  async function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    while (writing) await writing;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    size = 0;
    if (dropped > 0) {
      log.warn({ dropped }, 'delivery confirmations dropped: too many waiting for the database');
      dropped = 0;
    }
    writing = write(batch)
      .catch((err: unknown) => log.error({ err }, 'marking delivery failed'))
      .finally(() => {
        writing = undefined;
      });
    await writing;
  }

  return {
    add(rawConversationId, userId, seq) {
      // One spelling per uuid, or the statement would see two rows for one key.
      const conversationId = rawConversationId.toLowerCase();
      let byUser = pending.get(conversationId);
      const held = byUser?.get(userId);
      if (held === undefined) {
        if (size >= MAX_PENDING_MARKS) {
          dropped += 1;
          return;
        }
        size += 1;
      }
      if (!byUser) pending.set(conversationId, (byUser = new Map<string, number>()));
      if (held === undefined || seq > held) byUser.set(userId, seq);
      timer ??= setTimeout(() => void flush(), DELIVERY_FLUSH_MS);
    },
    flush,
  };
}
