import type { Typist, TypingEvent } from '../../contract/chat.ts';
import { AppError } from '../lib/errors.ts';
import type { RealtimeStore, TypingEntry } from './realtime-store.types.ts';

export interface TypingRelayDeps {
  store: RealtimeStore;
  /** Everyone in the conversation. */
  memberIds(conversationId: string): Promise<string[]>;
  /** Sends the event to every socket of these users, on every instance. */
  emit(userIds: string[], event: TypingEvent): void;
  expiryMs: number;
  sweepMs: number;
  log: { warn(obj: object, msg: string): void };
}

export type TypingRelay = ReturnType<typeof createTypingRelay>;

/**
 * Typing marks live in the store, so any instance can end one. Every instance sweeps the marks that
 * ran out; the store hands each to exactly one sweeper (or one stop), and only that one tells the
 * other members, so "stopped" goes out once even when the typist's instance is gone.
 */
export function createTypingRelay(deps: TypingRelayDeps) {
  const { store, log } = deps;
  // Members are read for every event, never cached: someone removed from a conversation must stop
  // hearing (and sending) its typing at once, on every instance.
  const requireMember = async (userId: string, conversationId: string): Promise<string[]> => {
    const ids = await deps.memberIds(conversationId);
    if (!ids.includes(userId)) throw new AppError('NOT_FOUND', 'Conversation not found.');
    return ids;
  };
  const tell = (event: TypingEvent, memberIds: string[]) => {
    const others = memberIds.filter((id) => id !== event.userId);
    if (others.length > 0) deps.emit(others, event);
  };
  // One member lookup per conversation, however many of its marks ended.
  const tellStopped = async (entries: TypingEntry[]) => {
    const byConversation = new Map<string, TypingEntry[]>();
    for (const e of entries)
      byConversation.set(e.conversationId, [...(byConversation.get(e.conversationId) ?? []), e]);
    await Promise.all(
      [...byConversation].map(async ([conversationId, ended]) => {
        try {
          const memberIds = await deps.memberIds(conversationId);
          for (const e of ended) tell({ ...e, isTyping: false }, memberIds);
        } catch (err) {
          log.warn({ err }, 'typing stop push failed');
        }
      }),
    );
  };

  let sweeping: Promise<void> | undefined;
  const sweep = async () => {
    await tellStopped(await store.sweepTyping());
  };
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = sweep()
      .catch((err: unknown) => log.warn({ err }, 'typing sweep failed'))
      .finally(() => {
        sweeping = undefined;
      });
  }, deps.sweepMs);
  timer.unref();

  return {
    /** A member starts (again) or stops typing; the others hear it, a stop only if it was on. */
    async set(userId: string, conversationId: string, isTyping: boolean): Promise<void> {
      const memberIds = await requireMember(userId, conversationId);
      if (isTyping) {
        const expiresAt = await store.startTyping(conversationId, userId, deps.expiryMs);
        tell({ conversationId, userId, isTyping: true, expiresAt: expiresAt.toISOString() }, memberIds);
      } else if (await store.stopTyping(conversationId, userId)) {
        tell({ conversationId, userId, isTyping: false }, memberIds);
      }
    },

    /** Who else is typing in a conversation of the user's. */
    async list(userId: string, conversationId: string): Promise<Typist[]> {
      await requireMember(userId, conversationId);
      return (await store.listTyping(conversationId))
        .filter((t) => t.userId !== userId)
        .map((t) => ({ userId: t.userId, expiresAt: t.expiresAt.toISOString() }));
    },

    /** Ends the user's marks in these conversations (their socket closed). */
    async release(userId: string, conversationIds: Iterable<string>): Promise<void> {
      const ended: TypingEntry[] = [];
      for (const conversationId of conversationIds) {
        if (await store.stopTyping(conversationId, userId)) ended.push({ conversationId, userId });
      }
      await tellStopped(ended);
    },

    /** Stops sweeping; waits for a sweep under way, so nothing is pushed after this. */
    async close(): Promise<void> {
      clearInterval(timer);
      await sweeping;
    },
  };
}
