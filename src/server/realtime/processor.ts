import type { FastifyBaseLogger } from 'fastify';
import type { EventBus } from '../lib/events.ts';
import type { ChatService } from '../modules/chat/chat.service.ts';
import type { NotificationsService } from '../modules/notifications/notifications.service.ts';
import type { RelationsService } from '../modules/relations/relations.service.ts';
import { memoryRoom, userRoom } from './rooms.ts';
import type { AppServer } from './socket-types.ts';

export interface ProcessorDeps {
  io: AppServer;
  events: EventBus;
  chat: ChatService;
  notifications: NotificationsService;
  relations: Pick<RelationsService, 'feedAudience'>;
  log: FastifyBaseLogger;
}

/**
 * The one place where domain events become socket messages. Events arrive after commit, so
 * whatever a socket is told already exists in the database. Pushes for one conversation go out
 * in the order the events came, so members see messages in sequence.
 */
export function startRealtimeProcessor({
  io,
  events,
  chat,
  notifications,
  relations,
  log,
}: ProcessorDeps): () => Promise<void> {
  const lanes = new Map<string, Promise<void>>();
  const inOrder = (lane: string, task: () => Promise<void>) => {
    const next = (lanes.get(lane) ?? Promise.resolve())
      .then(task)
      .catch((err: unknown) => log.error({ err, lane }, 'realtime push failed'));
    lanes.set(lane, next);
    void next.then(() => {
      if (lanes.get(lane) === next) lanes.delete(lane);
    });
  };
  const changed = (room: string, type: 'memory' | 'comment' | 'conversation', id: string, at: Date) =>
    io.to(room).emit('entity:changed', { type, id, updatedAt: at.toISOString() });

  const offs = [
    // Synchronous, so pushes leave in commit-publish order. One broadcast to the members' rooms:
    // encoded once, and carried to the other instances by the adapter.
    events.subscribe('message.created', (e) =>
      io.to(e.memberIds.map(userRoom)).emit('message:new', e.message),
    ),
    events.subscribe('message.updated', (e) =>
      inOrder(`conversation:${e.conversationId}`, async () => {
        const message = await chat.findMessage(e.messageId);
        // Not to anyone in a block with the sender, who never saw the message either.
        if (message)
          io.to((await chat.recipientIds(e.conversationId, e.senderId)).map(userRoom)).emit(
            'message:updated',
            message,
          );
      }),
    ),
    events.subscribe('message.read', (e) =>
      inOrder(`conversation:${e.conversationId}`, async () => {
        const memberIds = await chat.memberIds(e.conversationId);
        io.to(memberIds.map(userRoom)).emit('message:receipt', {
          conversationId: e.conversationId,
          userId: e.userId,
          readUpToMessageId: e.messageId,
          readSeq: e.readSeq,
        });
      }),
    ),
    // userIds includes whoever just left or was removed, so their lists refresh too.
    events.subscribe('conversation.changed', (e) => {
      for (const id of e.userIds) changed(userRoom(id), 'conversation', e.conversationId, e.at);
    }),
    events.subscribe('notification.created', (e) =>
      inOrder(`user:${e.userId}`, async () => {
        const notification = await notifications.findOne(e.userId, e.notificationId);
        if (notification) io.to(userRoom(e.userId)).emit('notification:new', notification);
      }),
    ),
    // "N new memories" on the home feeds of those who may see it. One lane for every author, so pushes
    // leave in the order memories were shared (what the tests' markers rely on).
    events.subscribe('memory.created', (e) => {
      if (e.visibility === 'private' || e.visibility === 'group') return;
      inOrder('feed', async () => {
        const audience = await relations.feedAudience(e.authorId, e.visibility);
        if (audience.length === 0) return;
        io.to(audience.map(userRoom)).emit('feed:new', {
          memoryId: e.memoryId,
          authorId: e.authorId,
          createdAt: e.at.toISOString(),
        });
      });
    }),
    events.subscribe('memory.updated', (e) => changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at)),
    events.subscribe('memory.deleted', (e) => changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at)),
    // A like on a comment changes that comment's count, not the memory: watchers refetch just the comment.
    events.subscribe('reaction.changed', (e) =>
      e.commentId === null
        ? changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at)
        : changed(memoryRoom(e.memoryId), 'comment', e.commentId, e.at),
    ),
    ...(['comment.created', 'comment.updated', 'comment.deleted'] as const).map((name) =>
      events.subscribe(name, (e) => {
        changed(memoryRoom(e.memoryId), 'comment', e.commentId, e.at);
        changed(memoryRoom(e.memoryId), 'memory', e.memoryId, e.at);
      }),
    ),
  ];
  // Stops listening, then waits for the pushes already under way (shutdown closes Redis after this).
  return async () => {
    for (const off of offs) off();
    await Promise.all([...lanes.values()]);
  };
}
