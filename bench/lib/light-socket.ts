import WebSocket from 'ws';

// A minimal Socket.IO client for load generation: Engine.IO 4 / Socket.IO 5 over a bare WebSocket,
// default namespace, JSON packets only. It speaks exactly the protocol socket.io-client does (the
// tests use the real client), without its layers, so on a small machine the load generator leaves
// more of the CPU to the server being measured.

type Listener = (...args: unknown[]) => void;

export interface LightSocket {
  emitWithAck(event: string, payload: unknown, timeoutMs?: number): Promise<unknown>;
  /** Fire and forget: no ack asked for. */
  emit(event: string, payload: unknown): void;
  /** Calls back with the event's arguments; when the server asked for an ack, the last one is the ack function. */
  on(event: string, listener: Listener): void;
  disconnect(): void;
}

/** Opens a socket on `url` (http://host:port) with `auth`; rejects with the connect error's message. */
export function openLightSocket(
  url: string,
  auth: Record<string, string>,
  timeoutMs = 20_000,
): Promise<LightSocket> {
  const ws = new WebSocket(
    `${url.replace(/^http/, 'ws').replace(/\/$/, '')}/socket.io/?EIO=4&transport=websocket`,
  );
  const listeners = new Map<string, Listener[]>();
  const pending = new Map<number, (args: unknown[]) => void>();
  let nextId = 0;

  const socket: LightSocket = {
    emitWithAck(event, payload, ackTimeoutMs = 30_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`no ack for ${event} in ${ackTimeoutMs} ms`));
        }, ackTimeoutMs);
        pending.set(id, (args) => {
          clearTimeout(timer);
          resolve(args[0]);
        });
        ws.send(`42${id}${JSON.stringify([event, payload])}`);
      });
    },
    emit(event, payload) {
      ws.send(`42${JSON.stringify([event, payload])}`);
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    disconnect() {
      if (ws.readyState === WebSocket.OPEN) ws.send('41');
      ws.close();
    },
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('connect timeout'));
    }, timeoutMs);
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.on('message', (raw: WebSocket.RawData) => {
      const text = (
        Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw)
      ).toString();
      const engineType = text[0];
      if (engineType === '2') {
        ws.send('3'); // ping → pong
        return;
      }
      if (engineType === '0') {
        ws.send(`40${JSON.stringify(auth)}`); // engine open → namespace connect with auth
        return;
      }
      if (engineType !== '4') return;
      const packetType = text[1];
      if (packetType === '0') {
        clearTimeout(timer);
        resolve(socket);
        return;
      }
      if (packetType === '4') {
        clearTimeout(timer);
        const data = JSON.parse(text.slice(2)) as { message?: string };
        ws.close();
        reject(new Error(data.message ?? 'connect error'));
        return;
      }
      // 2 = event, 3 = ack; an optional numeric id precedes the JSON array.
      let i = 2;
      while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const id = i > 2 ? Number(text.slice(2, i)) : undefined;
      const args = JSON.parse(text.slice(i)) as unknown[];
      if (packetType === '3' && id !== undefined) {
        pending.get(id)?.(args);
        pending.delete(id);
      } else if (packetType === '2') {
        const [event, ...rest] = args;
        const ack =
          id === undefined ? [] : [(...reply: unknown[]) => ws.send(`43${id}${JSON.stringify(reply)}`)];
        for (const listener of listeners.get(String(event)) ?? []) listener(...rest, ...ack);
      }
    });
  });
}
