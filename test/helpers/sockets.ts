import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/contract/chat.ts';
import type { TestApp } from './app.ts';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Starts the test app on a free port of 127.0.0.1 and returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

/** Waits for `event`, failing after timeoutMs with `what` it waited for. */
export function within<T>(timeoutMs: number, event: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`never saw ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([event, timeout]).finally(() => clearTimeout(timer));
}

/** What the server pushed with an event (undefined for an event without a payload). */
export type Pushed<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** One event's pushes to a socket, in order of arrival. */
export interface Recording<T> {
  readonly seen: T[];
  /**
   * Resolves once `done(seen)` holds, checked now and at every push; fails after timeoutMs with
   * `what` and what was seen. To show that something did NOT come, wait for a later marker.
   */
  until(what: string, done: (seen: readonly T[]) => boolean, timeoutMs?: number): Promise<void>;
}

/** Records every push of `event` to the socket from now on. */
export function record<E extends keyof ServerToClientEvents>(
  socket: TestClient,
  event: E,
): Recording<Pushed<E>> {
  const seen: Pushed<E>[] = [];
  const checks = new Set<() => void>();
  const listener = (payload: Pushed<E>) => {
    seen.push(payload);
    for (const check of checks) check();
  };
  // The typed overloads cannot follow a generic event name: listen on the untyped socket.
  const name: string = event;
  (socket as Socket).on(name, listener);
  return {
    seen,
    until(what, done, timeoutMs = 5_000) {
      if (done(seen)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(seen)) return;
          checks.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`${event}: never ${what}; seen ${JSON.stringify(seen)}`));
        }, timeoutMs);
        checks.add(check);
      });
    },
  };
}

/** Opens WebSocket-only clients without reconnection, and disconnects them all at the end of a file. */
export function createSockets() {
  const clients: TestClient[] = [];
  /** `tls`: options for an https:// base, such as accepting a test certificate. */
  const client = (base: string, token: string | undefined, tls: { rejectUnauthorized?: boolean } = {}) => {
    const socket: TestClient = connect(base, {
      auth: token === undefined ? {} : { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...tls,
    });
    clients.push(socket);
    return socket;
  };
  return {
    /** A client whose listeners can be attached before it connects. */
    client,
    /** A connected client; rejects with the connect error, whose message is the error code. */
    open(
      base: string,
      token: string | undefined,
      tls?: { rejectUnauthorized?: boolean },
    ): Promise<TestClient> {
      const socket = client(base, token, tls);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    closeAll() {
      for (const c of clients) c.disconnect();
    },
  };
}
