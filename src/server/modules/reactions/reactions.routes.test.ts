import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createComment } from '../../../../test/factories/comments.ts';
import { createMemory } from '../../../../test/factories/memories.ts';
import { useTestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUsers, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import {
  blocks,
  commentLikes,
  comments,
  memories,
  memoryReactions,
  notifications,
} from '../../db/schema/index.ts';
import type { MemoryReactions } from './reactions.schema.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

const ZERO = { like: 0, love: 0, laugh: 0, wow: 0, sad: 0, abrazo: 0 };

const t = useTestApp();

function react(method: 'PUT' | 'DELETE', u: RegisteredUser | null, memoryId: string, type: string) {
  return t.app.inject({
    method,
    url: `/api/v1/memories/${memoryId}/reactions/${type}`,
    headers: u ? bearer(u.accessToken) : {},
  });
}

async function reactOk(method: 'PUT' | 'DELETE', u: RegisteredUser, memoryId: string, type: string) {
  const res = await react(method, u, memoryId, type);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: MemoryReactions }>().data;
}

async function setup(visibility: 'public' | 'private' = 'public') {
  const [author, ana, bruno] = await registerUsers(t.app, 3);
  const memory = await createMemory(t.database.db, { authorId: author.user.id, visibility });
  return { author, ana, bruno, memory };
}

/** The stored counters next to a count of the rows they stand for. */
async function stored(memoryId: string) {
  const [m] = await t.database.db.select().from(memories).where(eq(memories.id, memoryId));
  const rows = await t.database.db
    .select()
    .from(memoryReactions)
    .where(eq(memoryReactions.memoryId, memoryId));
  const actual: Record<string, number> = {};
  for (const r of rows) actual[r.type] = (actual[r.type] ?? 0) + 1;
  return {
    counters: Object.fromEntries(Object.entries(m?.reactionCounts ?? {}).filter(([, n]) => n > 0)),
    actual,
  };
}

describe('PUT /api/v1/memories/:id/reactions/:type', () => {
  it('adds a reaction and answers with every count and my reactions', async () => {
    const { ana, bruno, memory } = await setup();
    expect(await reactOk('PUT', ana, memory.id, 'abrazo')).toEqual({
      reactionCounts: { ...ZERO, abrazo: 1 },
      myReactions: ['abrazo'],
    });
    await reactOk('PUT', ana, memory.id, 'like');
    expect(await reactOk('PUT', bruno, memory.id, 'abrazo')).toEqual({
      reactionCounts: { ...ZERO, like: 1, abrazo: 2 },
      myReactions: ['abrazo'],
    });
    expect((await reactOk('PUT', ana, memory.id, 'love')).myReactions).toEqual(['like', 'love', 'abrazo']);
  });

  it('is idempotent: one of each type per dancer', async () => {
    const { ana, memory } = await setup();
    await reactOk('PUT', ana, memory.id, 'wow');
    const again = await reactOk('PUT', ana, memory.id, 'wow');
    expect(again.reactionCounts.wow).toBe(1);
    expect(await stored(memory.id)).toEqual({ counters: { wow: 1 }, actual: { wow: 1 } });
  });

  it('never lets the counters drift under concurrent requests', async () => {
    const { ana, bruno, memory } = await setup();
    const burst = (method: 'PUT' | 'DELETE', u: RegisteredUser, type: string, n: number) =>
      Array.from({ length: n }, () => react(method, u, memory.id, type));
    const puts = await Promise.all([...burst('PUT', ana, 'laugh', 8), ...burst('PUT', bruno, 'laugh', 8)]);
    expect(puts.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    expect(await stored(memory.id)).toEqual({ counters: { laugh: 2 }, actual: { laugh: 2 } });

    await Promise.all([...burst('DELETE', ana, 'laugh', 5), ...burst('PUT', bruno, 'sad', 5)]);
    expect(await stored(memory.id)).toEqual({ counters: { laugh: 1, sad: 1 }, actual: { laugh: 1, sad: 1 } });
  });

  it("notifies the memory's author once per memory, grouping reactions", async () => {
    const { author, ana, bruno, memory } = await setup();
    await reactOk('PUT', ana, memory.id, 'love');
    await reactOk('PUT', bruno, memory.id, 'abrazo');
    await reactOk('PUT', author, memory.id, 'like');
    const rows = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, author.user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'reaction',
      memoryId: memory.id,
      actorCount: 2,
      reaction: 'abrazo',
    });
  });

  it('refuses a type outside the list, naming the field', async () => {
    const { ana, memory } = await setup();
    const res = await react('PUT', ana, memory.id, 'angry');
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.code).toBe('VALIDATION_FAILED');
    expect(res.json<ErrorEnvelope>().error.details?.map((d) => d.path)).toEqual(['params.type']);
    const badId = await react('PUT', ana, 'm-1', 'like');
    expect(badId.json<ErrorEnvelope>().error.details?.map((d) => d.path)).toEqual(['params.id']);
  });

  it('requires a signed-in dancer', async () => {
    const { memory } = await setup();
    expect((await react('PUT', null, memory.id, 'like')).statusCode).toBe(401);
    expect((await react('DELETE', null, memory.id, 'like')).statusCode).toBe(401);
    expect(await stored(memory.id)).toEqual({ counters: {}, actual: {} });
  });

  it("answers 404 for a memory I may not see, the same as for one that doesn't exist", async () => {
    const { author, ana, memory } = await setup('private');
    expect((await react('PUT', ana, memory.id, 'like')).statusCode).toBe(404);
    expect((await react('DELETE', ana, memory.id, 'like')).statusCode).toBe(404);
    expect((await react('PUT', ana, randomUUID(), 'like')).statusCode).toBe(404);
    expect((await reactOk('PUT', author, memory.id, 'like')).myReactions).toEqual(['like']);

    const open = await setup();
    await t.database.db
      .insert(blocks)
      .values({ blockerId: open.author.user.id, blockedId: open.ana.user.id });
    expect((await react('PUT', open.ana, open.memory.id, 'like')).statusCode).toBe(404);
  });
});

describe('DELETE /api/v1/memories/:id/reactions/:type', () => {
  it('takes back a reaction, idempotently', async () => {
    const { ana, memory } = await setup();
    await reactOk('PUT', ana, memory.id, 'sad');
    await reactOk('PUT', ana, memory.id, 'like');
    expect(await reactOk('DELETE', ana, memory.id, 'sad')).toEqual({
      reactionCounts: { ...ZERO, like: 1 },
      myReactions: ['like'],
    });
    expect((await reactOk('DELETE', ana, memory.id, 'sad')).reactionCounts).toEqual({ ...ZERO, like: 1 });
    expect((await reactOk('DELETE', ana, memory.id, 'abrazo')).reactionCounts).toEqual({ ...ZERO, like: 1 });
    expect(await stored(memory.id)).toEqual({ counters: { like: 1 }, actual: { like: 1 } });
  });
});

describe('deleting a memory', () => {
  it('removes its comments, their likes, and its reactions', async () => {
    const { ana, bruno, memory } = await setup();
    const db = t.database.db;
    await reactOk('PUT', ana, memory.id, 'love');
    const top = await createComment(db, { memoryId: memory.id, authorId: ana.user.id });
    await createComment(db, { memoryId: memory.id, authorId: bruno.user.id, parentId: top.id });
    await db.insert(commentLikes).values({ commentId: top.id, userId: bruno.user.id });

    await db.delete(memories).where(eq(memories.id, memory.id));
    expect(await db.select().from(comments).where(eq(comments.memoryId, memory.id))).toEqual([]);
    expect(await db.select().from(commentLikes).where(eq(commentLikes.commentId, top.id))).toEqual([]);
    expect(await db.select().from(memoryReactions).where(eq(memoryReactions.memoryId, memory.id))).toEqual(
      [],
    );
    expect((await react('PUT', ana, memory.id, 'love')).statusCode).toBe(404);
  });
});
