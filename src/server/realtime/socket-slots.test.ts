import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors.ts';
import { createMemoryRealtimeStore, DEFAULT_SEND_LIMIT } from './realtime-store.ts';
import type { RealtimeStore } from './realtime-store.types.ts';
import { createSocketSlots, type HandshakingSocket } from './socket-slots.ts';

/** A socket at its handshake: it may disconnect, or its connection may close before it connects. */
function handshake(): HandshakingSocket & { socket: EventEmitter; connection: EventEmitter } {
  const socket = new EventEmitter();
  const connection = new EventEmitter();
  return {
    id: randomUUID(),
    socket,
    connection,
    once: (event, listener) => socket.once(event, listener),
    conn: { once: (event, listener) => connection.once(event, listener) },
  };
}

const warnings: string[] = [];
const log = { warn: (_obj: object, msg: string) => warnings.push(msg) };

describe('socket slots', () => {
  it('refuses past the cap with TOO_MANY_CONNECTIONS and gives a slot back once, however the socket goes', async () => {
    const store = createMemoryRealtimeStore({ sendLimit: DEFAULT_SEND_LIMIT });
    const slots = createSocketSlots({ store, max: 2, log });
    const ana = randomUUID();
    const [first, second] = [handshake(), handshake()];
    await slots.acquire(first, ana);
    await slots.acquire(second, ana);
    const err = await slots.acquire(handshake(), ana).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'TOO_MANY_CONNECTIONS', status: 429 });

    // Disconnected, then its connection closes: one slot back, not two.
    first.socket.emit('disconnect');
    first.connection.emit('close');
    await slots.flush();
    await slots.acquire(handshake(), ana);
    await expect(slots.acquire(handshake(), ana)).rejects.toMatchObject({ code: 'TOO_MANY_CONNECTIONS' });

    // A connection that closes before its socket ever connected gives its slot back too.
    second.connection.emit('close');
    await slots.flush();
    await slots.acquire(handshake(), ana);
    await slots.close();
  });

  it('lets a connection in when the count is unavailable, with a warning', async () => {
    const failing: Pick<RealtimeStore, 'acquireSocket' | 'releaseSocket' | 'renewSockets'> = {
      acquireSocket: () => Promise.reject(new Error('redis down')),
      releaseSocket: () => Promise.resolve(),
      renewSockets: () => Promise.resolve(),
    };
    const slots = createSocketSlots({ store: failing, max: 1, log });
    await slots.acquire(handshake(), randomUUID());
    await slots.acquire(handshake(), randomUUID());
    expect(warnings).toContain('socket count unavailable, allowing the connection');
    await slots.close();
  });
});
