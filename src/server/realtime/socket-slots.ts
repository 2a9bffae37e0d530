import { AppError } from '../lib/errors.ts';
import type { RealtimeStore } from './realtime-store.types.ts';

/** Open sockets per user over all instances, unless SOCKETS_PER_USER says otherwise. */
export const DEFAULT_SOCKETS_PER_USER = 20;
/** How long a slot outlives its instance: an instance that dies without closing frees its slots after this. */
export const SOCKET_LEASE_MS = 60_000;
/** Each instance renews the leases of its sockets this often, well within SOCKET_LEASE_MS. */
export const SOCKET_RENEW_MS = 20_000;

export interface SocketSlotsDeps {
  store: Pick<RealtimeStore, 'acquireSocket' | 'releaseSocket' | 'renewSockets'>;
  max: number;
  log: { warn(obj: object, msg: string): void };
  leaseMs?: number;
  renewMs?: number;
}

export type SocketSlots = ReturnType<typeof createSocketSlots>;

/** What the slots need of a socket at its handshake (a Socket.IO socket). */
export interface HandshakingSocket {
  id: string;
  once(event: 'disconnect', listener: () => void): unknown;
  /** The underlying connection; it may close before the socket ever connects. */
  conn: { once(event: 'close', listener: () => void): unknown };
}

/**
 * Caps the sockets each user holds, counted in the store (Redis with several instances), so two
 * handshakes on two instances cannot both take the last slot. A slot is leased and renewed while
 * its socket lives, so a dead instance's slots free themselves.
 */
export function createSocketSlots(deps: SocketSlotsDeps) {
  const { store, max, log } = deps;
  const leaseMs = deps.leaseMs ?? SOCKET_LEASE_MS;
  // This instance's slots (socket id → user id): the ones it renews and gives back.
  const held = new Map<string, string>();
  const releasing = new Set<Promise<void>>();

  const release = (socketId: string) => {
    const userId = held.get(socketId);
    if (userId === undefined) return;
    held.delete(socketId);
    const done = store
      .releaseSocket({ userId, socketId })
      .catch((err: unknown) => log.warn({ err }, 'giving back a socket slot failed'))
      .finally(() => releasing.delete(done));
    releasing.add(done);
  };

  const renew = () => {
    if (held.size === 0) return;
    const slots = [...held].map(([socketId, userId]) => ({ socketId, userId }));
    store
      .renewSockets(slots, leaseMs)
      .catch((err: unknown) => log.warn({ err }, 'renewing socket slots failed'));
  };
  const timer = setInterval(renew, deps.renewMs ?? SOCKET_RENEW_MS);
  timer.unref();

  return {
    /**
     * Takes a slot for the socket at its handshake, or throws TOO_MANY_CONNECTIONS. The slot goes
     * back when the socket disconnects, or when its connection closes before it ever connected.
     */
    async acquire(socket: HandshakingSocket, userId: string): Promise<void> {
      let taken: boolean;
      try {
        taken = await store.acquireSocket({ userId, socketId: socket.id }, max, leaseMs);
      } catch (err) {
        // Like the send limit: a Redis outage must not keep everyone out; the cap returns with Redis.
        log.warn({ err }, 'socket count unavailable, allowing the connection');
        return;
      }
      if (!taken) {
        throw new AppError(
          'TOO_MANY_CONNECTIONS',
          `This account already has ${max} connections open (tabs, devices); close one and try again.`,
        );
      }
      held.set(socket.id, userId);
      socket.once('disconnect', () => release(socket.id));
      socket.conn.once('close', () => release(socket.id));
    },

    /** Waits for the slots being given back now. */
    async flush(): Promise<void> {
      await Promise.all([...releasing]);
    },

    /** Stops renewing and waits for the slots being given back (the sockets were just dropped). */
    async close(): Promise<void> {
      clearInterval(timer);
      await Promise.all([...releasing]);
    },
  };
}
