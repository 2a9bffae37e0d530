import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { createMemory } from '../../../../test/factories/memories.ts';
import { useTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import type { Comment } from '../../../contract/social.ts';
import { comments, memories } from '../../db/schema/index.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

// Shared by the comments tests: the app, thin wrappers over app.inject, and the stored counters.

/** The paths of a validation error's details. */
export const errorPaths = (body: ErrorEnvelope) => (body.error.details ?? []).map((d) => d.path);

/** The app for one comments test file (built before its tests, closed after) and helpers bound to it. */
export function useCommentsApp() {
  const t: TestApp = useTestApp();

  const memoryOf = (u: RegisteredUser, visibility: 'public' | 'private' = 'public') =>
    createMemory(t.database.db, { authorId: u.user.id, visibility });

  function postComment(u: RegisteredUser | null, memoryId: string, payload: Record<string, unknown>) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/memories/${memoryId}/comments`,
      headers: u ? bearer(u.accessToken) : {},
      payload,
    });
  }

  /** Comments through the API; fails the test unless it answers 201. */
  async function commentOn(u: RegisteredUser, memoryId: string, body = 'Gran tanda.', parentId?: string) {
    const res = await postComment(u, memoryId, { body, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ data: Comment }>().data;
  }

  /** The memory's stored comment count. */
  async function countsOf(memoryId: string) {
    const [m] = await t.database.db.select().from(memories).where(eq(memories.id, memoryId));
    return m?.commentCount;
  }

  async function replyCountOf(commentId: string) {
    const [c] = await t.database.db.select().from(comments).where(eq(comments.id, commentId));
    return c?.replyCount;
  }

  return { t, memoryOf, postComment, commentOn, countsOf, replyCountOf };
}
