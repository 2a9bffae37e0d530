import type { BucketLimit, Taken } from './token-bucket.ts';

// Chat state that every instance must see alike: the per-user send allowance, who is typing, and
// how many sockets each user holds. In this process for a single instance (realtime-store.ts); in
// Redis when the app has a client, so that all instances share it (realtime-store.redis.ts).

/** Messages per user: `burst` at once, `perSecond` sustained. */
export type SendLimit = BucketLimit;

export interface TypingMark {
  userId: string;
  expiresAt: Date;
}

export interface TypingEntry {
  conversationId: string;
  userId: string;
}

export interface SocketSlot {
  userId: string;
  socketId: string;
}

export interface RealtimeStore {
  /** Takes one message from the user's allowance (a token bucket). */
  takeSend(userId: string): Promise<Taken>;
  /** Marks the user typing in the conversation until ttlMs from now; returns that time. */
  startTyping(conversationId: string, userId: string, ttlMs: number): Promise<Date>;
  /** Clears the mark; true only for the one call that removed it (a sweep counts as one). */
  stopTyping(conversationId: string, userId: string): Promise<boolean>;
  /** Who is typing in the conversation now; marks past their expiry are left out. */
  listTyping(conversationId: string): Promise<TypingMark[]>;
  /** Removes marks past their expiry and returns them; each is returned once, over all instances. */
  sweepTyping(): Promise<TypingEntry[]>;
  /**
   * Takes one of the user's socket slots unless `max` are held (a slot held by this socket counts
   * once). A slot lasts leaseMs unless renewed, so those of an instance that died free themselves.
   */
  acquireSocket(slot: SocketSlot, max: number, leaseMs: number): Promise<boolean>;
  /** Gives the slot back; nothing happens for one not held. */
  releaseSocket(slot: SocketSlot): Promise<void>;
  /** Extends the lease of slots still held; a slot given back, or dropped once its lease ran out, stays so. */
  renewSockets(slots: SocketSlot[], leaseMs: number): Promise<void>;
}
