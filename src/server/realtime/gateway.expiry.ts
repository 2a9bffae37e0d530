import type { AppSocket } from './socket-types.ts';

/** How long before the token runs out a socket hears `auth:expiring`. */
const EXPIRY_NOTICE_MS = 60_000;

/** A socket and its one pending expiry timer. */
export interface Expiring {
  socket: AppSocket;
  expiry: NodeJS.Timeout | undefined;
}

/**
 * The token was valid at the handshake (or the last auth:refresh). One timer at a time: a minute
 * before expiry it warns and arms the second, which drops the socket unless a refresh came first.
 */
export function scheduleExpiry(conn: Expiring): void {
  clearTimeout(conn.expiry);
  const expiresAt = conn.socket.data.actor.expiresAt;
  const expire = () => {
    conn.socket.emit('auth:expired');
    conn.socket.disconnect(true);
  };
  conn.expiry = setTimeout(
    () => {
      conn.socket.emit('auth:expiring', { expiresAt: expiresAt.toISOString() });
      conn.expiry = setTimeout(expire, Math.max(0, expiresAt.getTime() - Date.now()));
    },
    Math.max(0, expiresAt.getTime() - Date.now() - EXPIRY_NOTICE_MS),
  );
}
