import { InfiniteQueryObserver, QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversation, Message } from '../../../contract/chat.ts';
import type { Page } from '../../lib/api.ts';
import { chatKeys, listMessage, type ConversationPages } from './chat.api.ts';

// A message pushed while the conversation list is being read: the list ends up showing it, whatever
// the order in which the read and the push arrive.

const VIEWER = 'ana';
const CONVERSATION = '00000000-0000-4000-8000-000000000001';

const message = {
  id: '00000000-0000-4000-8000-0000000000aa',
  conversationId: CONVERSATION,
  senderId: 'bruno',
  seq: 1,
  body: '¿Vamos a La Viruta?',
  createdAt: '2026-12-03T20:00:00.000Z',
} as Message;

function listPage(lastMessage: Message | null): Page<Conversation> {
  const conversation = { id: CONVERSATION, lastMessage, unreadCount: lastMessage ? 1 : 0 } as Conversation;
  return { data: [conversation], meta: { nextCursor: null, hasMore: false } };
}

describe('listMessage', () => {
  const client = new QueryClient();
  afterEach(() => client.clear());

  /** The list query, whose reads are answered by hand, in the order they are asked for. */
  function watchedList() {
    const answers: ((page: Page<Conversation>) => void)[] = [];
    const observer = new InfiniteQueryObserver(client, {
      queryKey: chatKeys.list(VIEWER),
      queryFn: ({ signal }) =>
        new Promise<Page<Conversation>>((resolve, reject) => {
          answers.push(resolve);
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
      initialPageParam: null as string | null,
      getNextPageParam: () => undefined,
    });
    const stop = observer.subscribe(() => undefined);
    const last = () =>
      (observer.getCurrentResult().data as ConversationPages | undefined)?.pages[0]?.data[0]?.lastMessage;
    return { answers, last, stop };
  }

  it('bumps the conversation in a list already held, without reading it again', async () => {
    const { answers, last, stop } = watchedList();
    answers[0]?.(listPage(null));
    await vi.waitFor(() => expect(last()).toBeNull());
    await listMessage(client, VIEWER, message, true);
    expect(last()?.id).toBe(message.id);
    expect(answers).toHaveLength(1);
    stop();
  });

  it('reads the list again when a read on its way may predate the message', async () => {
    const { answers, last, stop } = watchedList();
    answers[0]?.(listPage(null));
    await vi.waitFor(() => expect(last()).toBeNull());
    void client.invalidateQueries({ queryKey: chatKeys.list(VIEWER) }); // a refetch in flight
    expect(answers).toHaveLength(2);

    const shown = listMessage(client, VIEWER, message, true);
    answers[1]?.(listPage(null)); // answered before the message was stored: aborted, ignored
    await vi.waitFor(() => expect(answers).toHaveLength(3));
    answers[2]?.(listPage(message));
    await shown;
    expect(last()?.id).toBe(message.id);
    stop();
  });

  it('reads the list again when none is held yet', async () => {
    const { answers, last, stop } = watchedList();
    const shown = listMessage(client, VIEWER, message, true);
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[0]?.(listPage(null));
    answers[1]?.(listPage(message));
    await shown;
    expect(last()?.id).toBe(message.id);
    stop();
  });
});
