import type { FastifyBaseLogger } from 'fastify';
import type { ChatService } from '../modules/chat/chat.service.ts';
import { userRoom, type AppServer } from './gateway.ts';

/** Delivery confirmations are written and reported in batches at most this old. */
export const DELIVERY_FLUSH_MS = 100;
/** Past this many pending marks a batch is written at once instead of waiting for the timer. */
const MAX_PENDING_MARKS = 20_000;

export interface DeliveryBatcher {
  /** The user's sockets hold everything up to seq in the conversation (membership is checked on write). */
  add(conversationId: string, userId: string, seq: number): void;
  /** Writes what is pending and waits for every write under way. */
  flush(): Promise<void>;
}

/**
 * Collects message:received confirmations and writes them every DELIVERY_FLUSH_MS in one
 * statement, then tells each sender, once per conversation, whose "delivered up to" mark rose over
 * their messages. A message to a group of 50 costs one write and one push per sender instead of
 * 49 of each.
 */
export function createDeliveryBatcher(
  io: AppServer,
  chat: ChatService,
  log: FastifyBaseLogger,
): DeliveryBatcher {
  // conversation → recipient → highest confirmed seq
  let pending = new Map<string, Map<string, number>>();
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: typeof pending): Promise<void> {
    const marks = [...batch].flatMap(([conversationId, byUser]) =>
      [...byUser].map(([userId, seq]) => ({ conversationId, userId, seq })),
    );
    const raised = await chat.markDeliveredMany(marks);
    // (conversation, sender) → the recipients whose mark rose over that sender's messages
    const tell = new Map<
      string,
      { conversationId: string; senderId: string; deliveries: { userId: string; deliveredSeq: number }[] }
    >();
    for (const r of raised) {
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

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    size = 0;
    if (batch.size > 0) {
      writing = writing
        .then(() => write(batch))
        .catch((err: unknown) => log.error({ err }, 'marking delivery failed'));
    }
    return writing;
  }

  return {
    add(conversationId, userId, seq) {
      let byUser = pending.get(conversationId);
      if (!byUser) pending.set(conversationId, (byUser = new Map<string, number>()));
      const held = byUser.get(userId);
      if (held === undefined) size += 1;
      if (held === undefined || seq > held) byUser.set(userId, seq);
      if (size >= MAX_PENDING_MARKS) void flush();
      else timer ??= setTimeout(() => void flush(), DELIVERY_FLUSH_MS);
    },
    flush,
  };
}
