import type { Ack, Message } from '../../src/contract/chat.ts';
import { CONFIRM_EVERY_MS, type Driver } from './chat-load.ts';

// The two kinds of target bench:chat speaks to: the bare relay's events and the app's.

export const relayDriver: Driver = {
  async send(peer, group, id) {
    return (await peer.socket.emitWithAck('send', { room: group.id, id })) === true;
  },
  onReceive(peer, handler) {
    peer.socket.on('message', (payload) => handler((payload as { id: string }).id));
  },
};

export const appDriver: Driver = {
  async send(peer, group, id) {
    const ack = (await peer.socket.emitWithAck('message:send', {
      conversationId: group.id,
      clientMessageId: id,
      body: `Nos vemos en la milonga esta noche (${id})`,
    })) as Ack<Message>;
    return ack.ok;
  },
  onReceive(peer, handler) {
    // Confirmed like a real client does (the delivery confirmation): what arrived within
    // CONFIRM_EVERY_MS goes out in one message:received, the highest seq per conversation.
    const held = new Map<string, number>();
    let timer: NodeJS.Timeout | undefined;
    const confirm = () => {
      timer = undefined;
      const received = [...held].map(([conversationId, seq]) => ({ conversationId, seq }));
      held.clear();
      peer.socket.emit('message:received', { received });
    };
    peer.socket.on('message:new', (payload) => {
      const message = payload as Message;
      held.set(message.conversationId, Math.max(held.get(message.conversationId) ?? 0, message.seq));
      timer ??= setTimeout(confirm, CONFIRM_EVERY_MS);
      handler(message.clientMessageId);
    });
  },
};
