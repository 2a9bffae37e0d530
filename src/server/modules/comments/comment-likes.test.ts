import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createComment } from '../../../../test/factories/comments.ts';
import { createMemory } from '../../../../test/factories/memories.ts';
import { useTestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUsers, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { blocks, commentLikes, comments } from '../../db/schema/index.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

interface LikesBody {
  data: { likeCount: number; likedByMe: boolean };
}

const t = useTestApp();

function like(method: 'PUT' | 'DELETE', u: RegisteredUser | null, commentId: string, type = 'like') {
  return t.app.inject({
    method,
    url: `/api/v1/comments/${commentId}/reactions/${type}`,
    headers: u ? bearer(u.accessToken) : {},
  });
}

async function setup(visibility: 'public' | 'private' = 'public') {
  const [author, ana, bruno] = await registerUsers(t.app, 3);
  const memory = await createMemory(t.database.db, { authorId: author.user.id, visibility });
  const comment = await createComment(t.database.db, { memoryId: memory.id, authorId: author.user.id });
  return { author, ana, bruno, memory, comment };
}

async function stored(commentId: string) {
  const [c] = await t.database.db.select().from(comments).where(eq(comments.id, commentId));
  const likes = await t.database.db.select().from(commentLikes).where(eq(commentLikes.commentId, commentId));
  return { likeCount: c?.likeCount, rows: likes.length };
}

describe('PUT/DELETE /api/v1/comments/:id/reactions/like', () => {
  it('likes and unlikes, idempotently, keeping like_count', async () => {
    const { ana, bruno, comment } = await setup();
    const first = await like('PUT', ana, comment.id);
    expect(first.statusCode).toBe(200);
    expect(first.json<LikesBody>().data).toEqual({ likeCount: 1, likedByMe: true });
    expect((await like('PUT', ana, comment.id)).json<LikesBody>().data).toEqual({
      likeCount: 1,
      likedByMe: true,
    });
    expect((await like('PUT', bruno, comment.id)).json<LikesBody>().data).toEqual({
      likeCount: 2,
      likedByMe: true,
    });

    const off = await like('DELETE', ana, comment.id);
    expect(off.statusCode).toBe(200);
    expect(off.json<LikesBody>().data).toEqual({ likeCount: 1, likedByMe: false });
    expect((await like('DELETE', ana, comment.id)).json<LikesBody>().data).toEqual({
      likeCount: 1,
      likedByMe: false,
    });
    expect(await stored(comment.id)).toEqual({ likeCount: 1, rows: 1 });
  });

  it('counts concurrent likes of one dancer once', async () => {
    const { ana, bruno, comment } = await setup();
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => like('PUT', ana, comment.id)),
      ...Array.from({ length: 6 }, () => like('PUT', bruno, comment.id)),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    expect(await stored(comment.id)).toEqual({ likeCount: 2, rows: 2 });
    await Promise.all(Array.from({ length: 6 }, () => like('DELETE', ana, comment.id)));
    expect(await stored(comment.id)).toEqual({ likeCount: 1, rows: 1 });
  });

  it('takes likes only', async () => {
    const { ana, comment } = await setup();
    for (const type of ['love', 'abrazo', 'nope']) {
      const res = await like('PUT', ana, comment.id, type);
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorEnvelope>().error.details?.map((d) => d.path)).toEqual(['params.type']);
    }
    expect(await stored(comment.id)).toEqual({ likeCount: 0, rows: 0 });
  });

  it('requires a signed-in dancer', async () => {
    const { comment } = await setup();
    expect((await like('PUT', null, comment.id)).statusCode).toBe(401);
    expect((await like('DELETE', null, comment.id)).statusCode).toBe(401);
  });

  it('answers 404 for a comment that does not exist, on a hidden memory, or by someone I blocked', async () => {
    const hidden = await setup('private');
    expect((await like('PUT', hidden.ana, hidden.comment.id)).statusCode).toBe(404);
    expect((await like('PUT', hidden.ana, randomUUID())).statusCode).toBe(404);

    const open = await setup();
    const reply = await createComment(t.database.db, {
      memoryId: open.memory.id,
      authorId: open.bruno.user.id,
      parentId: open.comment.id,
    });
    await t.database.db.insert(blocks).values({ blockerId: open.ana.user.id, blockedId: open.bruno.user.id });
    expect((await like('PUT', open.ana, reply.id)).statusCode).toBe(404);
    expect(await stored(reply.id)).toEqual({ likeCount: 0, rows: 0 });
  });
});
