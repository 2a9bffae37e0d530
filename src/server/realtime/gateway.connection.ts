import type { FastifyBaseLogger } from 'fastify';
import type { RelationsService } from '../modules/relations/relations.service.ts';
import { scheduleExpiry } from './gateway.expiry.ts';
import { userRoom } from './rooms.ts';
import { ackOf } from './socket-handler.ts';
import type { AppServer, AppSocket } from './socket-types.ts';
import { fullBucket, takeToken, type Bucket, type BucketLimit } from './token-bucket.ts';
import type { TypingRelay } from './typing.ts';

/** Client events per socket: this many at once, refilled at this rate (any event counts). */
export const EVENT_LIMIT: BucketLimit = { burst: 60, perSecond: 30 };

/** What the gateway keeps per socket, besides Socket.IO's own: kept small, there may be many. */
export interface Connection {
  socket: AppSocket;
  userId: string;
  expiry: NodeJS.Timeout | undefined;
  /** Conversations this socket said it is typing in, to end those marks when it closes. */
  typingIn: Set<string> | undefined;
  /** The socket's event allowance, on the monotonic clock (performance.now()). */
  events: Bucket;
}

export type EventHandler = (conn: Connection, payload: unknown, ack?: unknown) => void;

export interface ConnectionDeps {
  io: AppServer;
  relations: Pick<RelationsService, 'presenceAudience' | 'markLastSeen'>;
  /** The client events, built once per gateway. */
  handlers: Map<string, EventHandler>;
  typing: TypingRelay;
  log: FastifyBaseLogger;
  /** Set while this instance shuts down. */
  state: { closing: boolean };
}

/** A socket's life on this instance: its user room, presence, its events and their allowance, its end. */
export function onConnection(socket: AppSocket, deps: ConnectionDeps): void {
  const { io, relations, handlers, typing, log, state } = deps;
  const conn: Connection = {
    socket,
    userId: socket.data.actor.userId,
    expiry: undefined,
    typingIn: undefined,
    events: fullBucket(EVENT_LIMIT, performance.now()),
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
    const allowed = takeToken(conn.events, EVENT_LIMIT, performance.now()) === 0;
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
            message: `Over ${EVENT_LIMIT.perSecond} events a second on this socket; slow down.`,
          },
    });
  });

  // While shutting down, sockets leave because this instance does, not their users: no "offline",
  // and their typing marks are left to run out (another instance's sweep says "stopped").
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
