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

/** Waits for pushes to arrive (they go out after commit, asynchronously). */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

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
