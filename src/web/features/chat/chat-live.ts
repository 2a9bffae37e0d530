import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { Ack, Message, SyncResult, TypingEvent } from '../../../contract/chat.ts';
import { realtime } from '../../lib/realtime.ts';
import { alertNewMessage } from './chat-alerts.ts';
import { session } from '../../lib/session.ts';
import {
  bumpConversation,
  chatKeys,
  listMessage,
  newestHeld,
  putMessage,
  raiseMarks,
  setUnread,
  type MessagePages,
} from './chat.api.ts';

// The chat's live side, started once by the first chat page: pushes written into the query cache, the
// outbox of messages being sent, who is typing, read marks, and `sync` after every reconnect
// (docs/WEBSOCKET_CONTRACT.md).

const ACK_TIMEOUT_MS = 10_000;
const TYPING_MARK_MS = 6_000;

let queryClient: QueryClient | undefined;
/** The conversation on screen (its arrivals are not unread while the tab is visible). */
let onScreen: string | null = null;
const changeSeqs = new Map<string, number>();

const viewer = (): string | null => {
  const state = session.get();
  return state.status === 'signedIn' ? state.user.id : null;
};

/** A small store components read with useSyncExternalStore: a version that moves on every change. */
function store() {
  let version = 0;
  const listeners = new Set<() => void>();
  return {
    changed: (): void => {
      version += 1;
      for (const listener of listeners) listener();
    },
    subscribe: (listener: () => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
  };
}

// ---- the outbox ------------------------------------------------------------------------------------

export interface Pending {
  conversationId: string;
  clientMessageId: string;
  body: string;
  createdAt: string;
  state: 'sending' | 'failed';
}
let outbox: Pending[] = [];
const outboxStore = store();
let flushing = false;

/** Shows the message at once as sending; it is sent in order, now or once the socket is back. */
export function sendMessage(conversationId: string, body: string): void {
  outbox = [
    ...outbox,
    {
      conversationId,
      body,
      clientMessageId: crypto.randomUUID(),
      createdAt: new Date().toISOString(),
      state: 'sending',
    },
  ];
  outboxStore.changed();
  void flush();
}

/** Sends a failed message again with its clientMessageId, so the server stores it once. */
export function retryMessage(clientMessageId: string): void {
  outbox = outbox.map((p) => (p.clientMessageId === clientMessageId ? { ...p, state: 'sending' } : p));
  outboxStore.changed();
  void flush();
}

function settle(clientMessageId: string, next: Pending['state'] | 'sent'): void {
  outbox =
    next === 'sent'
      ? outbox.filter((p) => p.clientMessageId !== clientMessageId)
      : outbox.map((p) => (p.clientMessageId === clientMessageId ? { ...p, state: next } : p));
  outboxStore.changed();
}

/** One send at a time, oldest first: messages typed offline arrive in the order they were written. */
async function flush(): Promise<void> {
  if (flushing) return;
  flushing = true;
  try {
    for (;;) {
      const next = outbox.find((p) => p.state === 'sending');
      const socket = realtime.socket();
      const me = viewer();
      if (!next || !socket?.connected || !me || !queryClient) return;
      let ack: Ack<Message>;
      try {
        // (socket.io types a timed emit's answer loosely; the contract's event map says what it is.)
        ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message:send', {
          conversationId: next.conversationId,
          clientMessageId: next.clientMessageId,
          body: next.body,
        })) as Ack<Message>;
      } catch {
        // No answer (the connection dropped): it stays sending and goes again after the reconnect.
        return;
      }
      if (ack.ok) {
        putMessage(queryClient, me, ack.data);
        bumpConversation(queryClient, me, ack.data, false);
        settle(next.clientMessageId, 'sent');
      } else if (ack.error.code === 'RATE_LIMITED' || ack.error.code === 'UNAVAILABLE') {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      } else {
        settle(next.clientMessageId, 'failed');
      }
    }
  } finally {
    flushing = false;
  }
}

/** This conversation's messages not yet acknowledged, oldest first. */
export function useOutbox(conversationId: string): Pending[] {
  useSyncExternalStore(outboxStore.subscribe, outboxStore.version);
  return outbox.filter((p) => p.conversationId === conversationId);
}

// ---- typing ---------------------------------------------------------------------------------------

const typists = new Map<string, Map<string, number>>();
const typingStore = store();

function applyTyping(event: TypingEvent): void {
  const inConversation = typists.get(event.conversationId) ?? new Map<string, number>();
  typists.set(event.conversationId, inConversation);
  if (event.isTyping) {
    // The mark lasts its 6 s from now on this clock (the server's may differ); a repeat extends it.
    const until = Date.now() + TYPING_MARK_MS;
    inConversation.set(event.userId, until);
    setTimeout(typingStore.changed, TYPING_MARK_MS + 50);
  } else {
    inConversation.delete(event.userId);
  }
  typingStore.changed();
}

/** The members typing in a conversation now (marks dropped at their expiry even if the stop is lost). */
export function useTypists(conversationId: string): string[] {
  useSyncExternalStore(typingStore.subscribe, typingStore.version);
  const now = Date.now();
  return [...(typists.get(conversationId) ?? [])].filter(([, until]) => until > now).map(([id]) => id);
}

/** Tells the others this dancer is typing (again every few seconds while they go on) or stopped. */
export function sendTyping(conversationId: string, isTyping: boolean): void {
  realtime.socket()?.emit('typing', { conversationId, isTyping }, () => undefined);
}

// ---- reading --------------------------------------------------------------------------------------

/** The conversation on screen, or null when none is. */
export function setOnScreen(conversationId: string | null): void {
  onScreen = conversationId;
}

/** Moves this dancer's read mark to `message` (the newest on screen): the others see it read. */
export function markRead(message: Message): void {
  const me = viewer();
  const socket = realtime.socket();
  if (!me || !socket?.connected || !queryClient) return;
  const client = queryClient;
  setUnread(client, me, message.conversationId, 0);
  socket.emit('message:read', { conversationId: message.conversationId, messageId: message.id }, (ack) => {
    if (ack.ok) raiseMarks(client, me, ack.data.conversationId, [{ userId: me, readSeq: ack.data.readSeq }]);
  });
}

// ---- catching up ----------------------------------------------------------------------------------

/** Fills every gap of every conversation held (new messages, and edits and deletes since last time). */
async function syncAll(client: QueryClient): Promise<void> {
  const me = viewer();
  const socket = realtime.socket();
  if (!me || !socket?.connected) return;
  const held = () =>
    client
      .getQueriesData<MessagePages>({ queryKey: [...chatKeys.all(me), 'messages'] })
      .flatMap(([key, data]) => (data ? [{ conversationId: String(key[3]), data }] : []));
  let pending = held();
  while (pending.length > 0) {
    const batch = pending.slice(0, 200);
    let ack: Ack<SyncResult>;
    try {
      ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', {
        conversations: batch.map(({ conversationId, data }) => {
          const seq = changeSeqs.get(conversationId);
          return {
            conversationId,
            afterMessageId: newestHeld(data)?.id ?? null,
            ...(seq === undefined ? {} : { afterChangeSeq: seq }),
          };
        }),
      })) as Ack<SyncResult>;
    } catch {
      return; // the next reconnect syncs again
    }
    if (!ack.ok) {
      // A conversation left, or a watermark to forget: read those histories again over HTTP.
      for (const { conversationId } of batch) changeSeqs.delete(conversationId);
      await client.invalidateQueries({ queryKey: [...chatKeys.all(me), 'messages'] });
      return;
    }
    for (const message of [...ack.data.messages, ...ack.data.updated]) putMessage(client, me, message);
    for (const c of ack.data.conversations) changeSeqs.set(c.conversationId, c.changeSeq);
    const more = new Set(
      ack.data.conversations
        .filter((c) => c.hasMoreMessages || c.hasMoreUpdates)
        .map((c) => c.conversationId),
    );
    pending = [...held().filter((c) => more.has(c.conversationId)), ...pending.slice(200)];
  }
}

/** Starts listening (once): pushes into the cache, sync and the outbox after every reconnect. */
export function startChatLive(client: QueryClient): void {
  if (queryClient) return;
  queryClient = client;
  realtime.on('message:new', (message) => {
    const me = viewer();
    if (!me) return;
    putMessage(client, me, message);
    const seen = message.conversationId === onScreen && document.visibilityState === 'visible';
    void listMessage(client, me, message, message.senderId !== me && !seen);
    if (message.senderId !== me) alertNewMessage();
    typists.get(message.conversationId)?.delete(message.senderId);
    typingStore.changed();
  });
  realtime.on('message:updated', (message) => {
    const me = viewer();
    if (me) putMessage(client, me, message);
  });
  realtime.on('message:receipt', (receipt) => {
    const me = viewer();
    if (!me) return;
    raiseMarks(client, me, receipt.conversationId, [{ userId: receipt.userId, readSeq: receipt.readSeq }]);
    if (receipt.userId === me) setUnread(client, me, receipt.conversationId, 0);
  });
  realtime.on('message:delivered', (event) => {
    const me = viewer();
    if (me) raiseMarks(client, me, event.conversationId, event.deliveries);
  });
  realtime.on('typing', applyTyping);
  realtime.on('entity:changed', (event) => {
    const me = viewer();
    if (!me || event.type !== 'conversation') return;
    void client.invalidateQueries({ queryKey: chatKeys.detail(me, event.id) });
    void client.invalidateQueries({ queryKey: chatKeys.members(me, event.id) });
    void client.invalidateQueries({ queryKey: chatKeys.list(me) });
  });
  realtime.onReconnect(() => {
    typists.clear();
    typingStore.changed();
    void syncAll(client).then(flush);
  });
  realtime.onStatus((status) => {
    if (status === 'connected') void flush();
  });
}
