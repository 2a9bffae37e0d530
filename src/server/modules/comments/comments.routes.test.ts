import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createComment } from '../../../../test/factories/comments.ts';
import { registerUser, registerUsers } from '../../../../test/helpers/auth.ts';
import type { Comment } from '../../../contract/social.ts';
import { blocks, notifications } from '../../db/schema/index.ts';
import { errorPaths, useCommentsApp } from './comments.testing.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

const { t, memoryOf, postComment, commentOn, countsOf, replyCountOf } = useCommentsApp();

describe('POST /api/v1/memories/:id/comments', () => {
  it('adds a comment exactly as written and counts it', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    const body = '  <b>¡Qué milonga!</b> 💃 & "gracias"\n';
    const res = await postComment(ana, memory.id, { body });
    expect(res.statusCode).toBe(201);
    const { data } = res.json<{ data: Comment }>();
    expect(data).toMatchObject({
      memoryId: memory.id,
      parentId: null,
      author: { id: ana.user.id, username: ana.username, avatarUrl: null },
      body,
      likeCount: 0,
      likedByMe: false,
      replyCount: 0,
      editedAt: null,
    });
    expect(await countsOf(memory.id)).toBe(1);
  });

  it('accepts 2000 characters counted as code points, refuses 2001', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    expect((await postComment(ana, memory.id, { body: '🎶'.repeat(2000) })).statusCode).toBe(201);
    const res = await postComment(ana, memory.id, { body: 'a'.repeat(2001) });
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res.json())).toEqual(['body.body']);
  });

  it.each([
    ['an empty body', { body: '' }, 'body.body'],
    ['a blank body', { body: ' \n\t ' }, 'body.body'],
    ['no body', {}, 'body.body'],
    ['a parentId that is not an id', { body: 'Hola', parentId: 'nope' }, 'body.parentId'],
  ])('refuses %s', async (_name, payload, path) => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    const res = await postComment(ana, memory.id, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.code).toBe('VALIDATION_FAILED');
    expect(errorPaths(res.json())).toContain(path);
  });

  it('requires a signed-in dancer', async () => {
    const author = await registerUser(t.app);
    const memory = await memoryOf(author);
    const res = await postComment(null, memory.id, { body: 'Hola' });
    expect(res.statusCode).toBe(401);
    expect(await countsOf(memory.id)).toBe(0);
  });

  it("answers 404 for someone else's private memory, the same as for a missing one", async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const hidden = await memoryOf(author, 'private');
    const hiddenRes = await postComment(ana, hidden.id, { body: 'Hola' });
    const missingRes = await postComment(ana, randomUUID(), { body: 'Hola' });
    expect(hiddenRes.statusCode).toBe(404);
    expect(missingRes.statusCode).toBe(404);
    const { code, message } = missingRes.json<ErrorEnvelope & { error: { message: string } }>().error;
    expect(hiddenRes.json<ErrorEnvelope>().error).toMatchObject({ code, message });
    expect(await countsOf(hidden.id)).toBe(0);
  });

  it('refuses a comment from a dancer the author blocked (404)', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    await t.database.db.insert(blocks).values({ blockerId: author.user.id, blockedId: ana.user.id });
    expect((await postComment(ana, memory.id, { body: 'Hola' })).statusCode).toBe(404);
  });
});

describe('replies', () => {
  it('replies one level deep and keeps reply and comment counts', async () => {
    const [author, ana, bruno] = await registerUsers(t.app, 3);
    const memory = await memoryOf(author);
    const top = await commentOn(ana, memory.id);
    const reply = await commentOn(bruno, memory.id, 'Coincido', top.id);
    expect(reply.parentId).toBe(top.id);
    expect(await replyCountOf(top.id)).toBe(1);
    expect(await countsOf(memory.id)).toBe(2);
  });

  it.each([
    ['a reply (no second level)', 'reply'],
    ['a comment of another memory', 'other'],
    ['a comment that does not exist', 'missing'],
    ['a comment by someone who blocked me', 'blocked'],
  ])('refuses a parent that is %s', async (_name, kind) => {
    const [author, ana, bruno] = await registerUsers(t.app, 3);
    const memory = await memoryOf(author);
    const other = await memoryOf(author);
    const top = await createComment(t.database.db, { memoryId: memory.id, authorId: ana.user.id });
    const reply = await createComment(t.database.db, {
      memoryId: memory.id,
      authorId: ana.user.id,
      parentId: top.id,
    });
    const elsewhere = await createComment(t.database.db, { memoryId: other.id, authorId: ana.user.id });
    if (kind === 'blocked')
      await t.database.db.insert(blocks).values({ blockerId: ana.user.id, blockedId: bruno.user.id });
    const parentId = { reply: reply.id, other: elsewhere.id, missing: randomUUID(), blocked: top.id }[kind];
    const before = await countsOf(memory.id);

    const res = await postComment(bruno, memory.id, { body: 'Hola', parentId });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.code).toBe('VALIDATION_FAILED');
    expect(errorPaths(res.json())).toEqual(['body.parentId']);
    expect(await countsOf(memory.id)).toBe(before);
    expect(await replyCountOf(top.id)).toBe(1);
  });
});

describe('notifications', () => {
  async function notificationsOf(userId: string) {
    return t.database.db.select().from(notifications).where(eq(notifications.userId, userId));
  }

  it("tells the memory's author of a comment, and the parent's author of a reply", async () => {
    const [author, ana, bruno] = await registerUsers(t.app, 3);
    const memory = await memoryOf(author);
    const top = await commentOn(ana, memory.id);
    const reply = await commentOn(bruno, memory.id, 'Sí', top.id);

    const forAuthor = await notificationsOf(author.user.id);
    expect(forAuthor.map((n) => [n.type, n.commentId, n.actorId]).sort()).toEqual(
      [
        ['comment', top.id, ana.user.id],
        ['comment', reply.id, bruno.user.id],
      ].sort(),
    );
    const forAna = await notificationsOf(ana.user.id);
    expect(forAna.map((n) => [n.type, n.commentId])).toEqual([['reply', reply.id]]);
  });

  it('gives one notification per comment, and none for my own', async () => {
    const [author, ana] = [await registerUser(t.app), await registerUser(t.app)];
    const memory = await memoryOf(author);
    const top = await commentOn(author, memory.id);
    await commentOn(ana, memory.id, 'Sí', top.id);
    const forAuthor = await notificationsOf(author.user.id);
    expect(forAuthor.map((n) => n.type)).toEqual(['reply']);
  });
});
