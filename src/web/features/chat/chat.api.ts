import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import type {
  Conversation,
  CreateConversationBody,
  MemberWithMarks,
  Message,
} from '../../../contract/chat.ts';
import { getData, getPage, newIdempotencyKey, request, type Page } from '../../lib/api.ts';
import { CONVERSATIONS_PAGE } from '../../lib/page-sizes.ts';
import { refetchAfterChange } from '../../lib/refetch.ts';
import { useViewerId } from '../../lib/use-session.ts';

// Conversations, their messages and their members' receipt marks, under ['chat', viewer, …]. The socket
// (chat-live.ts) writes into the same cache: a message arriving, a receipt, a delivery.

export const chatKeys = {
  all: (viewer: string) => ['chat', viewer] as const,
  list: (viewer: string) => [...chatKeys.all(viewer), 'list'] as const,
  detail: (viewer: string, id: string) => [...chatKeys.all(viewer), 'detail', id] as const,
  messages: (viewer: string, id: string) => [...chatKeys.all(viewer), 'messages', id] as const,
  members: (viewer: string, id: string) => [...chatKeys.all(viewer), 'members', id] as const,
};

export const MESSAGES_PAGE = 50;

export type ConversationPages = InfiniteData<Page<Conversation>, string | null>;
/** Pages newest first, and each page's messages newest first, as the API lists them. */
export type MessagePages = InfiniteData<Page<Message>, string | null>;

const seg = encodeURIComponent;

export function useConversations() {
  const viewer = useViewerId() ?? '';
  return useInfiniteQuery({
    queryKey: chatKeys.list(viewer),
    queryFn: ({ pageParam, signal }) =>
      getPage<Conversation>('/conversations', {
        query: { cursor: pageParam, limit: CONVERSATIONS_PAGE },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.meta.hasMore ? last.meta.nextCursor : undefined),
    enabled: viewer !== '',
  });
}

export function useConversation(id: string) {
  const viewer = useViewerId() ?? '';
  return useQuery({
    queryKey: chatKeys.detail(viewer, id),
    queryFn: ({ signal }) => getData<Conversation>(`/conversations/${seg(id)}`, { signal }),
    enabled: viewer !== '',
  });
}

/** The history, older pages as the dancer scrolls up. Caught up after a reconnect by `sync`, not refetched. */
export function useMessages(id: string) {
  const viewer = useViewerId() ?? '';
  return useInfiniteQuery({
    queryKey: chatKeys.messages(viewer, id),
    queryFn: ({ pageParam, signal }) =>
      getPage<Message>(`/conversations/${seg(id)}/messages`, {
        query: { before: pageParam ?? undefined, limit: MESSAGES_PAGE },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.meta.hasMore ? last.meta.nextCursor : undefined),
    enabled: viewer !== '',
    meta: { syncedBySocket: true },
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMembers(id: string) {
  const viewer = useViewerId() ?? '';
  return useQuery({
    queryKey: chatKeys.members(viewer, id),
    queryFn: async ({ signal }) => {
      const page = await getPage<MemberWithMarks>(`/conversations/${seg(id)}/members`, {
        query: { limit: 100 },
        signal,
      });
      // A receipt pushed while this was on its way is not undone by the older answer.
      return page.data.map((m) => withKnownMarks(id, m));
    },
    enabled: viewer !== '',
  });
}

/**
 * Opens the direct conversation with a dancer (the same one again if it exists) or a new group, and
 * puts it in the cache.
 */
export async function openConversation(
  queryClient: QueryClient,
  viewer: string,
  body: CreateConversationBody,
): Promise<Conversation> {
  const { data: conversation } = await request<{ data: Conversation }>('/conversations', {
    method: 'POST',
    body,
    idempotencyKey: newIdempotencyKey(),
  });
  queryClient.setQueryData(chatKeys.detail(viewer, conversation.id), conversation);
  void queryClient.invalidateQueries({ queryKey: chatKeys.list(viewer) });
  return conversation;
}

export function useOpenConversation() {
  const queryClient = useQueryClient();
  const viewer = useViewerId() ?? '';
  return useMutation({
    mutationFn: (body: CreateConversationBody) => openConversation(queryClient, viewer, body),
  });
}

export function useEditMessage() {
  const queryClient = useQueryClient();
  const viewer = useViewerId() ?? '';
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) =>
      request<{ data: Message }>(`/messages/${seg(id)}`, { method: 'PATCH', body: { body } }).then(
        (r) => r.data,
      ),
    onSuccess: (message) => putMessage(queryClient, viewer, message),
  });
}

export function useDeleteMessage() {
  const queryClient = useQueryClient();
  const viewer = useViewerId() ?? '';
  return useMutation({
    mutationFn: (message: Message) =>
      request<null>(`/messages/${seg(message.id)}`, { method: 'DELETE' }).then(() => message),
    onSuccess: (message) =>
      putMessage(queryClient, viewer, {
        ...message,
        body: '',
        deletedAt: new Date().toISOString(),
      }),
  });
}

/**
 * Adds a message to its conversation's cached history, or replaces the copy held (same id): a message
 * that arrives twice (the ack and the push, a sync after a push) is shown once.
 */
export function putMessage(queryClient: QueryClient, viewer: string, message: Message): void {
  queryClient.setQueryData<MessagePages>(chatKeys.messages(viewer, message.conversationId), (data) => {
    if (!data) return data;
    let found = false;
    const pages = data.pages.map((page) => {
      if (!page.data.some((m) => m.id === message.id)) return page;
      found = true;
      return { ...page, data: page.data.map((m) => (m.id === message.id ? message : m)) };
    });
    if (found) return { ...data, pages };
    const [first, ...rest] = data.pages;
    if (!first) return { ...data, pages: [{ data: [message], meta: { nextCursor: null, hasMore: false } }] };
    // Newest first: in place by seq, so a late one never lands above a newer message.
    const at = first.data.findIndex((m) => m.seq < message.seq);
    const list = [...first.data];
    list.splice(at === -1 ? list.length : at, 0, message);
    return { ...data, pages: [{ ...first, data: list }, ...rest] };
  });
}

/** The newest message held of a conversation, for `sync`'s afterMessageId. */
export function newestHeld(data: MessagePages | undefined): Message | undefined {
  return data?.pages[0]?.data[0];
}

/** Moves a conversation to the top of the list with its new last message (and one more unread). */
export function bumpConversation(
  queryClient: QueryClient,
  viewer: string,
  message: Message,
  countUnread: boolean,
): boolean {
  let known = false;
  queryClient.setQueryData<ConversationPages>(chatKeys.list(viewer), (data) => {
    if (!data) return data;
    const all = data.pages.flatMap((p) => p.data);
    const current = all.find((c) => c.id === message.conversationId);
    if (!current) return data;
    known = true;
    if (current.lastMessage && current.lastMessage.seq > message.seq) return data;
    const updated: Conversation = {
      ...current,
      lastMessage: message,
      lastActivityAt: message.createdAt,
      unreadCount: current.unreadCount + (countUnread ? 1 : 0),
    };
    const pages = data.pages.map((p, i) => ({
      ...p,
      data: [...(i === 0 ? [updated] : []), ...p.data.filter((c) => c.id !== message.conversationId)],
    }));
    return { ...data, pages };
  });
  return known;
}

/**
 * Shows a new message in the conversation list: bumped in place, or the list read again when it does
 * not hold the conversation, holds no list yet, or is being read (an answer on its way may predate the
 * message and would undo the bump).
 */
export async function listMessage(
  queryClient: QueryClient,
  viewer: string,
  message: Message,
  countUnread: boolean,
): Promise<void> {
  const list = chatKeys.list(viewer);
  const reading = queryClient.isFetching({ queryKey: list }) > 0;
  if (!bumpConversation(queryClient, viewer, message, countUnread) || reading) {
    await refetchAfterChange(queryClient, list);
  }
}

/** Sets a conversation's unread count (0 once read here or in another tab). */
export function setUnread(queryClient: QueryClient, viewer: string, id: string, unreadCount: number): void {
  queryClient.setQueryData<ConversationPages>(chatKeys.list(viewer), (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            data: p.data.map((c) => (c.id === id ? { ...c, unreadCount } : c)),
          })),
        }
      : data,
  );
}

/** The highest marks pushed so far, per conversation and member: what a refetch must not lower. */
const knownMarks = new Map<string, { readSeq: number; deliveredSeq: number }>();

function withKnownMarks(conversationId: string, m: MemberWithMarks): MemberWithMarks {
  const known = knownMarks.get(`${conversationId}:${m.id}`);
  if (!known) return m;
  return {
    ...m,
    readSeq: Math.max(m.readSeq, known.readSeq),
    deliveredSeq: Math.max(m.deliveredSeq, known.deliveredSeq),
  };
}

/** Raises members' receipt marks (never lowers them: marks reported twice or out of order). */
export function raiseMarks(
  queryClient: QueryClient,
  viewer: string,
  conversationId: string,
  marks: { userId: string; readSeq?: number; deliveredSeq?: number }[],
): void {
  for (const mark of marks) {
    const key = `${conversationId}:${mark.userId}`;
    const known = knownMarks.get(key) ?? { readSeq: 0, deliveredSeq: 0 };
    const readSeq = Math.max(known.readSeq, mark.readSeq ?? 0);
    knownMarks.set(key, {
      readSeq,
      deliveredSeq: Math.max(known.deliveredSeq, mark.deliveredSeq ?? 0, readSeq),
    });
  }
  queryClient.setQueryData<MemberWithMarks[]>(chatKeys.members(viewer, conversationId), (members) =>
    members?.map((m) => withKnownMarks(conversationId, m)),
  );
}

/** Group changes (admins add, remove and rename; anyone leaves): the conversation and its members again. */
export function useGroupChange<V>(call: (variables: V) => Promise<unknown>, conversationId: string) {
  const queryClient = useQueryClient();
  const viewer = useViewerId() ?? '';
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: chatKeys.detail(viewer, conversationId) });
      void queryClient.invalidateQueries({ queryKey: chatKeys.members(viewer, conversationId) });
      void queryClient.invalidateQueries({ queryKey: chatKeys.list(viewer) });
    },
  });
}

export const groupCalls = {
  add: (id: string) => (userIds: string[]) =>
    request<unknown>(`/conversations/${seg(id)}/members`, { method: 'POST', body: { userIds } }),
  remove: (id: string) => (userId: string) =>
    request<null>(`/conversations/${seg(id)}/members/${seg(userId)}`, { method: 'DELETE' }),
  leave: (id: string) => () => request<null>(`/conversations/${seg(id)}/leave`, { method: 'POST' }),
  rename: (id: string) => (name: string) =>
    request<unknown>(`/conversations/${seg(id)}`, { method: 'PATCH', body: { name } }),
};
