import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createComment } from '../../../../test/factories/comments.ts';
import { bearer, registerUser, registerUsers, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import type { Comment } from '../../../contract/social.ts';
import { blocks, comments } from '../../db/schema/index.ts';
import { errorPaths, useCommentsApp } from './comments.testing.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

const { t, memoryOf, postComment, commentOn, countsOf, replyCountOf } = useCommentsApp();

function patchComment(u: RegisteredUser | null, id: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'PATCH',
    url: `/api/v1/comments/${id}`,
    headers: u ? bearer(u.accessToken) : {},
    payload,
  });
}

describe('PATCH /api/v1/comments/:id', () => {
  it('edits my comment and marks it edited', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    const c = await commentOn(ana, memory.id);
    const res = await patchComment(ana, c.id, { body: 'Mejor dicho: ¡inolvidable!' });
    expect(res.statusCode).toBe(200);
    const { data } = res.json<{ data: Comment }>();
    expect(data).toMatchObject({ id: c.id, body: 'Mejor dicho: ¡inolvidable!', createdAt: c.createdAt });
    expect(data.editedAt).not.toBeNull();
  });

  it('refuses without auth, for another dancer, and with a blank body', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    const c = await commentOn(ana, memory.id);
    expect((await patchComment(null, c.id, { body: 'x' })).statusCode).toBe(401);
    // Even the memory's author may not rewrite someone's words.
    const other = await patchComment(author, c.id, { body: 'x' });
    expect(other.statusCode).toBe(403);
    expect(other.json<ErrorEnvelope>().error.code).toBe('FORBIDDEN');
    const blank = await patchComment(ana, c.id, { body: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(errorPaths(blank.json())).toEqual(['body.body']);
    const badId = await patchComment(ana, 'not-an-id', { body: 'x' });
    expect(errorPaths(badId.json())).toEqual(['params.id']);
  });

  it('answers 404 for a comment on a memory I cannot see', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const hidden = await memoryOf(author, 'private');
    const c = await createComment(t.database.db, { memoryId: hidden.id, authorId: author.user.id });
    const res = await patchComment(ana, c.id, { body: 'x' });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>().error.code).toBe('NOT_FOUND');
  });
});

function deleteComment(u: RegisteredUser | null, id: string) {
  return t.app.inject({
    method: 'DELETE',
    url: `/api/v1/comments/${id}`,
    headers: u ? bearer(u.accessToken) : {},
  });
}

describe('DELETE /api/v1/comments/:id', () => {
  it('takes a top-level comment with its replies, and the counts with them', async () => {
    const [author, ana, bruno] = await registerUsers(t.app, 3);
    const memory = await memoryOf(author);
    const top = await commentOn(ana, memory.id);
    await commentOn(bruno, memory.id, 'uno', top.id);
    await commentOn(author, memory.id, 'dos', top.id);
    const kept = await commentOn(bruno, memory.id, 'otro');
    expect(await countsOf(memory.id)).toBe(4);

    const res = await deleteComment(ana, top.id);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(await countsOf(memory.id)).toBe(1);
    const left = await t.database.db.select().from(comments).where(eq(comments.memoryId, memory.id));
    expect(left.map((c) => c.id)).toEqual([kept.id]);
  });

  it("lets the memory's author delete a reply, and keeps the parent's reply count", async () => {
    const [author, ana, bruno] = await registerUsers(t.app, 3);
    const memory = await memoryOf(author);
    const top = await commentOn(ana, memory.id);
    const reply = await commentOn(bruno, memory.id, 'uno', top.id);
    expect((await deleteComment(author, reply.id)).statusCode).toBe(204);
    expect(await replyCountOf(top.id)).toBe(0);
    expect(await countsOf(memory.id)).toBe(1);
    // A second delete finds nothing and changes nothing.
    expect((await deleteComment(author, reply.id)).statusCode).toBe(404);
    expect(await countsOf(memory.id)).toBe(1);
  });

  it('refuses without auth, for a third dancer (403), and hides comments on private memories (404)', async () => {
    const [author, ana, bruno] = await registerUsers(t.app, 3);
    const memory = await memoryOf(author);
    const c = await commentOn(ana, memory.id);
    expect((await deleteComment(null, c.id)).statusCode).toBe(401);
    expect((await deleteComment(bruno, c.id)).statusCode).toBe(403);
    const hidden = await memoryOf(author, 'private');
    const own = await createComment(t.database.db, { memoryId: hidden.id, authorId: author.user.id });
    expect((await deleteComment(bruno, own.id)).statusCode).toBe(404);
    expect((await deleteComment(bruno, 'nope')).statusCode).toBe(400);
    expect(await countsOf(memory.id)).toBe(1);
  });

  it("lets the memory's author remove a comment of someone they blocked", async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    const c = await commentOn(ana, memory.id);
    await t.database.db.insert(blocks).values({ blockerId: author.user.id, blockedId: ana.user.id });
    expect((await deleteComment(author, c.id)).statusCode).toBe(204);
    const gone = await t.database.db
      .select()
      .from(comments)
      .where(and(eq(comments.memoryId, memory.id), eq(comments.id, c.id)));
    expect(gone).toEqual([]);
  });
});

describe('counters under concurrent writes', () => {
  it('counts every one of many simultaneous comments and replies', async () => {
    const [author, ana, bruno] = await registerUsers(t.app, 3);
    const memory = await memoryOf(author);
    const top = await commentOn(ana, memory.id);
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        postComment(bruno, memory.id, { body: `r${i}`, parentId: top.id }),
      ),
      ...Array.from({ length: 6 }, (_, i) => postComment(ana, memory.id, { body: `c${i}` })),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect(await replyCountOf(top.id)).toBe(6);
    expect(await countsOf(memory.id)).toBe(13);
  });

  it('deletes a comment once when asked many times at once', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    const top = await commentOn(ana, memory.id);
    await commentOn(author, memory.id, 'uno', top.id);
    await commentOn(ana, memory.id, 'otro');
    const results = await Promise.all([
      ...Array.from({ length: 3 }, () => deleteComment(ana, top.id)),
      ...Array.from({ length: 3 }, () => deleteComment(author, top.id)),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 404, 404, 404, 404, 404]);
    expect(await countsOf(memory.id)).toBe(1);
  });
});
