import type { FastifyBaseLogger } from 'fastify';
import type { Message } from '../../contract/chat.ts';
import type { MemoryVisibilityValue } from '../../contract/social.ts';

/**
 * Domain events, published only after the transaction that caused them has committed. The
 * realtime gateway turns them into socket messages; payloads carry ids, not rows, except on the
 * chat hot path: message.created carries the (immutable) new message and the members at commit.
 */
export interface DomainEvents {
  /** With its visibility, so the feed:new push can pick its audience without reading the memory. */
  'memory.created': { memoryId: string; authorId: string; visibility: MemoryVisibilityValue; at: Date };
  'memory.updated': { memoryId: string; authorId: string; at: Date };
  'memory.deleted': { memoryId: string; authorId: string; at: Date };
  'comment.created': { commentId: string; memoryId: string; authorId: string; at: Date };
  'comment.updated': { commentId: string; memoryId: string; authorId: string; at: Date };
  'comment.deleted': { commentId: string; memoryId: string; authorId: string; at: Date };
  'reaction.changed': { memoryId: string; commentId: string | null; userId: string; at: Date };
  'follow.created': { followerId: string; followeeId: string; at: Date };
  'follow.deleted': { followerId: string; followeeId: string; at: Date };
  'friendship.created': { userIds: [string, string]; at: Date };
  'friendship.deleted': { userIds: [string, string]; at: Date };
  'friend_request.changed': { requestId: string; fromUserId: string; toUserId: string; at: Date };
  'block.created': { blockerId: string; blockedId: string; at: Date };
  'notification.created': { notificationId: string; userId: string; at: Date };
  'notification.read': { userId: string; notificationId: string | null; at: Date };
  /**
   * With the message as members see it and who may see it at commit (the members, less those in a
   * block with the sender), so pushing needs no query.
   */
  'message.created': {
    messageId: string;
    conversationId: string;
    senderId: string;
    seq: number;
    at: Date;
    message: Message;
    memberIds: string[];
  };
  /** Edited or deleted (soft: the message keeps its seq, its body is emptied in the API shape). */
  'message.updated': { messageId: string; conversationId: string; senderId: string; at: Date };
  'message.read': { conversationId: string; userId: string; readSeq: number; messageId: string; at: Date };
  /** Created, renamed or members changed; userIds: everyone concerned, members just removed included. */
  'conversation.changed': { conversationId: string; userIds: string[]; at: Date };
  /**
   * An event, one of its dates, or a group's visibility changed: what a calendar lists may differ.
   * cityIds: the cities whose calendars it touches (an event's city before and after), null for any.
   */
  'calendar.changed': { eventId: string | null; groupId: string | null; cityIds: string[] | null; at: Date };
}
export type DomainEventName = keyof DomainEvents;
export type DomainEvent = { [K in DomainEventName]: { name: K; payload: DomainEvents[K] } }[DomainEventName];

export type EventHandler<K extends DomainEventName> = (payload: DomainEvents[K]) => void;

export interface EventBus {
  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void;
  /** Returns the unsubscribe function. */
  subscribe<K extends DomainEventName>(name: K, handler: EventHandler<K>): () => void;
}

/** In-process bus; a handler that throws is logged and never affects the publisher or other handlers. */
export function createEventBus(log?: FastifyBaseLogger): EventBus {
  const handlers = new Map<DomainEventName, Set<(payload: unknown) => void>>();
  return {
    publish(name, payload) {
      for (const handler of handlers.get(name) ?? []) {
        try {
          handler(payload);
        } catch (err) {
          log?.error({ err, event: name }, 'domain event handler failed');
        }
      }
    },
    subscribe(name, handler) {
      const set = handlers.get(name) ?? new Set();
      handlers.set(name, set);
      const h = handler as (payload: unknown) => void;
      set.add(h);
      return () => set.delete(h);
    },
  };
}

function publishEvent<K extends DomainEventName>(events: EventBus, e: { name: K; payload: DomainEvents[K] }) {
  events.publish(e.name, e.payload);
}

/** Queues events during a transaction; they reach the bus only once it commits. */
export type Emit = <K extends DomainEventName>(name: K, payload: DomainEvents[K]) => void;

/** What runs a function in a transaction: the database (lib knows its shape, not its type). */
export interface TransactionRunner<Tx> {
  transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R>;
}

/** Runs fn in a transaction and publishes what it emitted after commit (nothing on rollback). */
export async function transact<Tx, T>(
  db: TransactionRunner<Tx>,
  events: EventBus,
  fn: (tx: Tx, emit: Emit) => Promise<T>,
): Promise<T> {
  const queued: DomainEvent[] = [];
  const emit: Emit = (name, payload) => {
    queued.push({ name, payload } as DomainEvent);
  };
  const result = await db.transaction((tx) => fn(tx, emit));
  for (const e of queued) publishEvent(events, e);
  return result;
}
