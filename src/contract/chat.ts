import { z } from 'zod';
import {
  GROUP_MAX_MEMBERS,
  GROUP_NAME_MAX_LENGTH,
  MAX_RECEIVED_ENTRIES,
  MESSAGE_MAX_CHARS,
} from './rules.ts';

export { GROUP_MAX_MEMBERS, GROUP_NAME_MAX_LENGTH, MAX_RECEIVED_ENTRIES, MESSAGE_MAX_CHARS };
import { type notificationSchema, userSummarySchema } from './social.ts';

/** Members shown with a conversation; the rest are paged at GET /conversations/:id/members. */
export const MEMBER_PREVIEW_SIZE = 20;

// Counted in code points, as JSON Schema's maxLength is, so the meta states the limit exactly.
export const messageBodySchema = z
  .string()
  .refine((s) => [...s].length <= MESSAGE_MAX_CHARS, `At most ${MESSAGE_MAX_CHARS} characters`)
  .refine((s) => s.trim().length > 0, 'Write something')
  .meta({
    minLength: 1,
    maxLength: MESSAGE_MAX_CHARS,
    description: `1 to ${MESSAGE_MAX_CHARS} characters, not only white space`,
  });

export const clientMessageIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, "_" and "-"')
  .describe(
    'Chosen by the client, unique per sender and conversation; a retry with the same id returns the same message',
  );

export const messageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    senderId: z.string(),
    seq: z.number().int().describe('Position in the conversation, 1, 2, 3… without gaps'),
    body: z.string().describe('Empty once the message is deleted'),
    clientMessageId: z.string(),
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof messageSchema>;

export const conversationMemberSchema = userSummarySchema
  .extend({ role: z.enum(['admin', 'member']) })
  .meta({ id: 'ConversationMember' });
export type ConversationMember = z.infer<typeof conversationMemberSchema>;

/** A member with their receipt marks, as GET /conversations/{id}/members lists them. */
export const memberWithMarksSchema = conversationMemberSchema
  .extend({
    readSeq: z.number().int().describe('Has read up to this seq (0: nothing yet)'),
    deliveredSeq: z
      .number()
      .int()
      .describe('One of their sockets confirmed messages up to this seq (0: none yet)'),
  })
  .meta({ id: 'ConversationMemberWithMarks' });
export type MemberWithMarks = z.infer<typeof memberWithMarksSchema>;

export const conversationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['direct', 'group']),
    name: z.string().nullable(),
    groupId: z
      .string()
      .nullable()
      .describe(
        "The group (GET /groups/{id}) whose chat this is: its members and name follow the group's, so " +
          'they cannot be changed here (409). null for any other conversation.',
      ),
    members: z
      .array(conversationMemberSchema)
      .describe(
        `Up to ${MEMBER_PREVIEW_SIZE}: admins first, then in joining order; all of them at GET /conversations/{id}/members`,
      ),
    memberCount: z.number().int(),
    lastMessage: messageSchema.nullable(),
    unreadCount: z.number().int(),
    lastActivityAt: z.iso.datetime(),
  })
  .meta({ id: 'Conversation' });
export type Conversation = z.infer<typeof conversationSchema>;

export const createConversationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('direct'), memberIds: z.array(z.uuid()).length(1) }),
  z.strictObject({
    kind: z.literal('group'),
    name: z.string().trim().min(1).max(GROUP_NAME_MAX_LENGTH),
    memberIds: z
      .array(z.uuid())
      .min(1)
      .max(GROUP_MAX_MEMBERS - 1),
  }),
]);
export type CreateConversationBody = z.infer<typeof createConversationSchema>;

export const sendMessageSchema = z.strictObject({
  conversationId: z.uuid(),
  clientMessageId: clientMessageIdSchema,
  body: messageBodySchema,
});
export type SendMessagePayload = z.infer<typeof sendMessageSchema>;

export const readMarkSchema = z.strictObject({ conversationId: z.uuid(), messageId: z.uuid() });
export type ReadMarkPayload = z.infer<typeof readMarkSchema>;

/**
 * "I hold everything up to seq in these conversations": a client's delivery confirmation for the
 * message:new pushes it received, one entry per conversation, at most MAX_RECEIVED_ENTRIES.
 */
export const receivedSchema = z.strictObject({
  received: z
    .array(
      z.strictObject({
        conversationId: z.uuid(),
        seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      }),
    )
    .min(1)
    .max(MAX_RECEIVED_ENTRIES),
});
export type ReceivedPayload = z.infer<typeof receivedSchema>;

export const typingSchema = z.strictObject({ conversationId: z.uuid(), isTyping: z.boolean() });
export type TypingPayload = z.infer<typeof typingSchema>;

export const typingQuerySchema = z.strictObject({ conversationId: z.uuid() });
export type TypingQuery = z.infer<typeof typingQuerySchema>;

/** Someone typing; clients drop the mark at expiresAt if no repeat or stop has come by then. */
export interface Typist {
  userId: string;
  expiresAt: string;
}

export type TypingEvent =
  | { conversationId: string; userId: string; isTyping: true; expiresAt: string }
  | { conversationId: string; userId: string; isTyping: false };

export const syncSchema = z.strictObject({
  conversations: z
    .array(
      z.strictObject({
        conversationId: z.uuid(),
        afterMessageId: z.uuid().nullable(),
        afterChangeSeq: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe(
            "This conversation's changeSeq from your last sync answer; without it no edits are replayed",
          ),
      }),
    )
    .max(200),
});
export type SyncPayload = z.infer<typeof syncSchema>;

export const syncedConversationSchema = z.object({
  conversationId: z.string(),
  changeSeq: z
    .number()
    .int()
    .describe('Watermark of edits and deletes this answer covers; send it back as afterChangeSeq'),
  hasMoreMessages: z.boolean().describe('More new messages than one answer holds: sync again'),
  hasMoreUpdates: z.boolean().describe('More changed messages than one answer holds: sync again'),
});
export type SyncedConversation = z.infer<typeof syncedConversationSchema>;

export const syncResultSchema = z.object({
  messages: z
    .array(messageSchema)
    .describe("After each conversation's afterMessageId, by conversation then seq"),
  updated: z
    .array(messageSchema)
    .describe(
      'Held messages (up to afterMessageId) edited or deleted after afterChangeSeq, by conversation then seq',
    ),
  conversations: z.array(syncedConversationSchema),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

export const receiptSchema = z.object({
  conversationId: z.string(),
  userId: z.string(),
  readUpToMessageId: z.string(),
  readSeq: z.number().int(),
});
export type Receipt = z.infer<typeof receiptSchema>;

/** What every client event's acknowledgement carries. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
export type AckFn<T> = (response: Ack<T>) => void;

export const refreshAuthSchema = z.strictObject({ token: z.string().min(1).max(4096) });
export const watchSchema = z.strictObject({ type: z.enum(['memory']), id: z.uuid() });
export type WatchPayload = z.infer<typeof watchSchema>;

export const presenceQuerySchema = z.strictObject({ userIds: z.array(z.uuid()).min(1).max(200) });
export interface PresenceState {
  userId: string;
  online: boolean;
  lastSeenAt: string | null;
}

/** Recipients whose "delivered up to" mark rose, batched per conversation (a group message gets one event, not one per member). */
export interface DeliveredEvent {
  conversationId: string;
  deliveries: { userId: string; deliveredSeq: number }[];
}

export interface ClientToServerEvents {
  /** A fresh access token for this socket before the current one expires. */
  'auth:refresh': (payload: { token: string }, ack: AckFn<{ expiresAt: string }>) => void;
  /** Ask for entity:changed about a memory (and its comments) while it is on screen. */
  watch: (payload: WatchPayload, ack: AckFn<null>) => void;
  /** Online state and last-seen time of friends who show it; others are left out of the answer. */
  'presence:get': (payload: { userIds: string[] }, ack: AckFn<{ presence: PresenceState[] }>) => void;
  unwatch: (payload: WatchPayload, ack: AckFn<null>) => void;
  'message:send': (payload: SendMessagePayload, ack: AckFn<Message>) => void;
  'message:read': (payload: ReadMarkPayload, ack: AckFn<Receipt>) => void;
  /**
   * Confirms message:new pushes (the delivery confirmation). Usually sent without an ack; clients
   * may gather what arrived in the last ~100 ms into one event.
   */
  'message:received': (payload: ReceivedPayload, ack?: AckFn<null>) => void;
  typing: (payload: TypingPayload, ack: AckFn<null>) => void;
  /** Who else is typing in a conversation now (on opening it, or after reconnecting). */
  'typing:get': (payload: TypingQuery, ack: AckFn<{ typing: Typist[] }>) => void;
  sync: (payload: SyncPayload, ack: AckFn<SyncResult>) => void;
}

export interface ServerToClientEvents {
  /** A minute before the socket's access token expires; answer with auth:refresh. */
  'auth:expiring': (event: { expiresAt: string }) => void;
  /** The token expired without a refresh; the server disconnects right after. */
  'auth:expired': () => void;
  /** A friend came online (any first socket) or went offline (their last socket closed). */
  presence: (state: PresenceState) => void;
  /** To a sender's sockets once recipients confirmed their messages with message:received (batched, every ~100 ms). */
  'message:delivered': (event: DeliveredEvent) => void;
  /** A new message in one of your conversations; confirm it with message:received. */
  'message:new': (message: Message) => void;
  'message:updated': (message: Message) => void;
  'message:receipt': (receipt: Receipt) => void;
  typing: (event: TypingEvent) => void;
  'notification:new': (notification: z.infer<typeof notificationSchema>) => void;
  /** A memory for your home feed was just shared by someone you follow (show "N new memories"). */
  'feed:new': (event: { memoryId: string; authorId: string; createdAt: string }) => void;
  'entity:changed': (event: {
    type: 'memory' | 'comment' | 'conversation';
    id: string;
    updatedAt: string;
  }) => void;
}
