import {
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Comment } from '../../../contract/social.ts';
import { getData, getPage, request, type Page } from '../../lib/api.ts';
import { realtime, useRealtimeEvent, useRealtimeStatus } from '../../lib/realtime.ts';
import { useViewerKey } from '../../lib/use-session.ts';
import { refetchAfterChange } from '../../lib/refetch.ts';
import { memoryKeys } from '../feed/feed.api.ts';

// A memory's comments: the top-level list and, per comment, its replies (one level deep), each an
// infinite query under ['comments', memoryId, …] so everything about one memory is one prefix. The
// viewer ends each key, as in feed.api.ts: likedByMe of an anonymous copy never shows once signed in.

export const COMMENTS_PAGE = 20;
export const REPLIES_PAGE = 10;

export const commentKeys = {
  all: ['comments'] as const,
  memory: (memoryId: string) => [...commentKeys.all, memoryId] as const,
  /** parentId null: the top-level comments; else that comment's replies. */
  list: (memoryId: string, parentId: string | null) =>
    [...commentKeys.memory(memoryId), parentId ?? 'top'] as const,
};

type CommentPages = InfiniteData<Page<Comment>, string | undefined>;

/** A page of comments (or of one comment's replies), oldest first; "Load more" fetches the next. */
export function useComments(memoryId: string, parentId: string | null, enabled = true) {
  const viewer = useViewerKey();
  return useInfiniteQuery({
    queryKey: [...commentKeys.list(memoryId, parentId), viewer],
    queryFn: ({ pageParam, signal }) =>
      getPage<Comment>(`/memories/${memoryId}/comments`, {
        query: { cursor: pageParam, parentId, limit: parentId ? REPLIES_PAGE : COMMENTS_PAGE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.meta.hasMore ? (last.meta.nextCursor ?? undefined) : undefined),
    enabled: enabled && viewer !== undefined,
  });
}

/** The loaded comments of a list, each once (a comment added locally may also arrive in a later page). */
export function flattenComments(data: { pages: Page<Comment>[] } | undefined): Comment[] {
  const seen = new Set<string>();
  const out: Comment[] = [];
  for (const page of data?.pages ?? []) {
    for (const comment of page.data) {
      if (seen.has(comment.id)) continue;
      seen.add(comment.id);
      out.push(comment);
    }
  }
  return out;
}

function mapComments(data: CommentPages, fn: (c: Comment) => Comment | null): CommentPages {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      data: page.data.flatMap((c) => {
        const next = fn(c);
        return next ? [next] : [];
      }),
    })),
  };
}

/** Where a comment is cached: the key of the list that holds it and the comment itself. */
function findCached(qc: QueryClient, memoryId: string, commentId: string): [QueryKey, Comment] | undefined {
  for (const [key, data] of qc.getQueriesData<CommentPages>({ queryKey: commentKeys.memory(memoryId) })) {
    for (const page of data?.pages ?? []) {
      const hit = page.data.find((c) => c.id === commentId);
      if (hit) return [key, hit];
    }
  }
  return undefined;
}

/** Changes one comment wherever it is cached (null removes it). */
function patchComment(
  qc: QueryClient,
  memoryId: string,
  commentId: string,
  fn: (c: Comment) => Comment | null,
): void {
  qc.setQueriesData<CommentPages>({ queryKey: commentKeys.memory(memoryId) }, (data) =>
    data ? mapComments(data, (c) => (c.id === commentId ? fn(c) : c)) : data,
  );
}

export interface NewComment {
  body: string;
  parentId: string | null;
  /** The same for every retry of one submission, so the server makes the comment once. */
  idempotencyKey: string;
}

/** Comments or replies; the new one is shown at the end of its list at once, and the memory's count refetched. */
export function useCreateComment(memoryId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body, parentId, idempotencyKey }: NewComment) =>
      getData<Comment>(`/memories/${memoryId}/comments`, {
        method: 'POST',
        body: parentId ? { body, parentId } : { body },
        idempotencyKey,
      }),
    onSuccess: (comment) => {
      const key = commentKeys.list(memoryId, comment.parentId);
      qc.setQueriesData<CommentPages>({ queryKey: key }, (list) => {
        const last = list?.pages.at(-1);
        if (!list || !last || last.data.some((c) => c.id === comment.id)) return list;
        return { ...list, pages: [...list.pages.slice(0, -1), { ...last, data: [...last.data, comment] }] };
      });
      if (comment.parentId) {
        patchComment(qc, memoryId, comment.parentId, (c) => ({ ...c, replyCount: c.replyCount + 1 }));
      }
      void qc.invalidateQueries({ queryKey: memoryKeys.detail(memoryId) });
    },
  });
}

export function useEditComment(memoryId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) =>
      getData<Comment>(`/comments/${id}`, { method: 'PATCH', body: { body } }),
    onSuccess: (comment) => patchComment(qc, memoryId, comment.id, () => comment),
  });
}

/** Deletes a comment (a top-level one takes its replies along). */
export function useDeleteComment(memoryId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (comment: Comment) => request<null>(`/comments/${comment.id}`, { method: 'DELETE' }),
    onSuccess: (_, comment) => {
      patchComment(qc, memoryId, comment.id, () => null);
      if (comment.parentId) {
        patchComment(qc, memoryId, comment.parentId, (c) => ({
          ...c,
          replyCount: Math.max(0, c.replyCount - 1),
        }));
      } else {
        qc.removeQueries({ queryKey: commentKeys.list(memoryId, comment.id) });
      }
      void qc.invalidateQueries({ queryKey: memoryKeys.detail(memoryId) });
    },
  });
}

/** Likes or takes back a like at once; the server's count replaces the guess, a failure undoes it. */
export function useLikeComment(memoryId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, liked }: { id: string; liked: boolean }) =>
      getData<{ likeCount: number; likedByMe: boolean }>(`/comments/${id}/reactions/like`, {
        method: liked ? 'PUT' : 'DELETE',
      }),
    onMutate: async ({ id, liked }) => {
      await qc.cancelQueries({ queryKey: commentKeys.memory(memoryId) });
      const before = findCached(qc, memoryId, id)?.[1];
      patchComment(qc, memoryId, id, (c) =>
        c.likedByMe === liked ? c : { ...c, likedByMe: liked, likeCount: c.likeCount + (liked ? 1 : -1) },
      );
      return { before };
    },
    onError: (_err, { id }, context) => {
      const before = context?.before;
      if (before) {
        patchComment(qc, memoryId, id, (c) => ({
          ...c,
          likedByMe: before.likedByMe,
          likeCount: before.likeCount,
        }));
      }
    },
    onSuccess: (likes, { id }) => patchComment(qc, memoryId, id, (c) => ({ ...c, ...likes })),
  });
}

/**
 * While the page is open, asks the server for entity:changed about this memory and its comments, and
 * refetches what each push concerns. The socket exists only while signed in and connects after the first
 * paint, so watching starts whenever it is connected, and again after every reconnect (the server forgets
 * a dropped socket's rooms).
 */
export function useLiveMemory(memoryId: string, enabled = true): void {
  const qc = useQueryClient();
  const connected = useRealtimeStatus() === 'connected';

  useEffect(() => {
    const socket = realtime.socket();
    if (!enabled || !connected || !socket) return;
    const payload = { type: 'memory' as const, id: memoryId };
    socket.emit('watch', payload, () => undefined);
    return () => {
      // A dropped socket has left its rooms already; a buffered unwatch would only follow the next watch.
      if (socket.connected) socket.emit('unwatch', payload, () => undefined);
    };
  }, [memoryId, enabled, connected]);

  useRealtimeEvent('entity:changed', (event) => {
    if (event.type === 'memory') {
      if (event.id === memoryId) {
        void refetchAfterChange(qc, memoryKeys.detail(memoryId));
      }
      return;
    }
    if (event.type !== 'comment') return;
    const cached = findCached(qc, memoryId, event.id);
    if (cached) {
      // Edited, liked or deleted: only the list that shows it. A reply's parent counts its loaded replies.
      void qc.invalidateQueries({ queryKey: cached[0], exact: true });
    } else {
      // New (or in a page not loaded): it may be a comment or a reply to any of them.
      void refetchAfterChange(qc, commentKeys.memory(memoryId));
    }
  });
}
