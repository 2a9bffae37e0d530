import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/chat.ts';
import { MAX_RECEIVED_ENTRIES } from '../../contract/rules.ts';
import { session, type SessionState } from './session.ts';

// One socket per tab, shared by every feature, opened only while signed in. socket.io-client is loaded
// after the first paint (it is not needed to show a page). Features listen with useRealtimeEvent.

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type RealtimeStatus = 'off' | 'connecting' | 'connected' | 'reconnecting';
type EventName = keyof ServerToClientEvents;
type Handler<E extends EventName> = Parameters<ServerToClientEvents[E]>[0] extends undefined
  ? () => void
  : (payload: Parameters<ServerToClientEvents[E]>[0]) => void;

let socket: AppSocket | undefined;
let status: RealtimeStatus = 'off';
const statusListeners = new Set<() => void>();
const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
const reconnectListeners = new Set<() => void>();

function setStatus(next: RealtimeStatus): void {
  status = next;
  for (const listener of statusListeners) listener();
}

function dispatch(event: EventName, payload: unknown): void {
  for (const handler of handlers.get(event) ?? []) handler(payload);
}

const EVENTS: EventName[] = [
  'notification:new',
  'entity:changed',
  'message:new',
  'message:updated',
  'message:receipt',
  'message:delivered',
  'typing',
  'presence',
  'feed:new',
];

async function connect(): Promise<void> {
  if (socket) return;
  const { io } = await import('socket.io-client');
  if (socket || session.get().status !== 'signedIn') return;
  setStatus('connecting');
  const next: AppSocket = io({
    transports: ['websocket'],
    // The token is read at each (re)connect, so a refreshed one is used.
    auth: (cb) => void session.token().then((token) => cb({ token: token ?? '' })),
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 30_000,
  });
  socket = next;
  let wasConnected = false;
  next.on('connect', () => {
    setStatus('connected');
    if (wasConnected) for (const listener of reconnectListeners) listener();
    wasConnected = true;
  });
  next.on('disconnect', (reason) => {
    setStatus(session.get().status === 'signedIn' ? 'reconnecting' : 'off');
    // A server that shuts down (restart, deploy) or ends an expired token's socket disconnects it
    // itself, and socket.io leaves those to the app to reopen: again after a moment, spread out.
    if (reason === 'io server disconnect') {
      setTimeout(
        () => {
          if (socket === next && session.get().status === 'signedIn') next.connect();
        },
        1_000 + Math.random() * 2_000,
      );
    }
  });
  next.on('connect_error', () => setStatus('reconnecting'));
  next.on('auth:expiring', () => {
    void session.refresh().then((token) => {
      if (token) next.emit('auth:refresh', { token }, () => undefined);
    });
  });
  for (const event of EVENTS) {
    next.on(event as 'presence', (payload: unknown) => dispatch(event, payload));
  }
  // Delivery confirmations: whatever page is open, a message that reached this tab is confirmed (the
  // highest seq per conversation, gathered for 100 ms), so its sender sees it delivered.
  const held = new Map<string, number>();
  let confirmTimer: ReturnType<typeof setTimeout> | undefined;
  next.on('message:new', (message) => {
    held.set(message.conversationId, Math.max(held.get(message.conversationId) ?? 0, message.seq));
    confirmTimer ??= setTimeout(() => {
      confirmTimer = undefined;
      const received = [...held].map(([conversationId, seq]) => ({ conversationId, seq }));
      held.clear();
      for (let i = 0; i < received.length; i += MAX_RECEIVED_ENTRIES) {
        next.emit('message:received', { received: received.slice(i, i + MAX_RECEIVED_ENTRIES) });
      }
    }, 100);
  });
}

function disconnect(): void {
  socket?.disconnect();
  socket = undefined;
  setStatus('off');
}

/** Follows the session: a socket while signed in, none otherwise. */
export function startRealtime(): () => void {
  const follow = (state: SessionState) => {
    if (state.status === 'signedIn') void connect();
    else if (state.status === 'signedOut') disconnect();
  };
  follow(session.get());
  return session.subscribe(follow);
}

export const realtime = {
  /** The shared socket, once connected (chat sends and watches through it). */
  socket: (): AppSocket | undefined => socket,
  on<E extends EventName>(event: E, handler: Handler<E>): () => void {
    let set = handlers.get(event);
    if (!set) handlers.set(event, (set = new Set()));
    const h = handler as (payload: unknown) => void;
    set.add(h);
    return () => set.delete(h);
  },
  /** Calls `listener` on every change of the connection's state. */
  onStatus(listener: (status: RealtimeStatus) => void): () => void {
    const call = () => listener(status);
    statusListeners.add(call);
    return () => statusListeners.delete(call);
  },
  /** Runs after the socket came back from a drop: the moment to catch up on what was missed. */
  onReconnect(listener: () => void): () => void {
    reconnectListeners.add(listener);
    return () => reconnectListeners.delete(listener);
  },
};

/** Calls the handler for each push of that event while the component is mounted. */
export function useRealtimeEvent<E extends EventName>(event: E, handler: Handler<E>): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(
    () =>
      realtime.on(event, ((payload: never) => (ref.current as (p: never) => void)(payload)) as Handler<E>),
    [event],
  );
}

export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(
    (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    () => status,
  );
}
