import { describe, expect, it } from 'vitest';
import { createComment } from '../../../../test/factories/comments.ts';
import { createMemory } from '../../../../test/factories/memories.ts';
import { useTestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUsers, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import type { Comment } from '../../../contract/social.ts';
import { blocks, follows, type MemoryRow } from '../../db/schema/index.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

interface ListBody {
  data: Comment[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

const t = useTestApp();

function list(memoryId: string, query = '', u?: RegisteredUser) {
  return t.app.inject({
    url: `/api/v1/memories/${memoryId}/comments${query}`,
    headers: u ? bearer(u.accessToken) : {},
  });
}

async function listIds(memoryId: string, query = '', u?: RegisteredUser): Promise<string[]> {
  const res = await list(memoryId, query, u);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ListBody>().data.map((c) => c.id);
}

const BASE = Date.parse('2025-06-01T21:00:00.000Z');
const at = (seconds: number) => new Date(BASE + seconds * 1000);

/** A public memory with top-level comments by ana and bruno and two replies under the first. */
async function thread() {
  const [author, ana, bruno] = await registerUsers(t.app, 3);
  const memory = await createMemory(t.database.db, { authorId: author.user.id });
  const add = (who: RegisteredUser, s: number, parentId?: string) =>
    createComment(t.database.db, { memoryId: memory.id, authorId: who.user.id, createdAt: at(s), parentId });
  const c1 = await add(ana, 1);
  const c2 = await add(bruno, 2);
  const r1 = await add(bruno, 3, c1.id);
  const c3 = await add(ana, 4);
  const r2 = await add(ana, 5, c1.id);
  return { author, ana, bruno, memory, c1, c2, c3, r1, r2 };
}

describe('GET /api/v1/memories/:id/comments', () => {
  it('lists top-level comments oldest first, with reply counts, to anyone', async () => {
    const { memory, ana, c1, c2, c3 } = await thread();
    const res = await list(memory.id);
    expect(res.statusCode).toBe(200);
    const body = res.json<ListBody>();
    expect(body.data.map((c) => c.id)).toEqual([c1.id, c2.id, c3.id]);
    expect(body.data[0]).toMatchObject({
      parentId: null,
      replyCount: 2,
      likedByMe: false,
      author: { id: ana.user.id, username: ana.username },
    });
    expect(body.meta).toEqual({ nextCursor: null, hasMore: false });
  });

  it('lists the replies of one comment with parentId', async () => {
    const { memory, c1, c2, r1, r2 } = await thread();
    expect(await listIds(memory.id, `?parentId=${c1.id}`)).toEqual([r1.id, r2.id]);
    expect(await listIds(memory.id, `?parentId=${c2.id}`)).toEqual([]);
  });

  it('narrows to one author, among top-level comments or replies', async () => {
    const { memory, ana, bruno, c1, c2, c3, r1, r2 } = await thread();
    expect(await listIds(memory.id, `?author=${ana.username}`)).toEqual([c1.id, c3.id]);
    expect(await listIds(memory.id, `?author=${bruno.username.toUpperCase()}`)).toEqual([c2.id]);
    expect(await listIds(memory.id, `?author=${bruno.username}&parentId=${c1.id}`)).toEqual([r1.id]);
    expect(await listIds(memory.id, `?parentId=${c1.id}&author=${ana.username}`)).toEqual([r2.id]);
    expect(await listIds(memory.id, '?author=nobody_here')).toEqual([]);
  });

  it('shows likedByMe to the viewer who liked', async () => {
    const { memory, bruno, c2 } = await thread();
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/comments/${c2.id}/reactions/like`,
      headers: bearer(bruno.accessToken),
    });
    expect(put.statusCode).toBe(200);
    const mine = (await list(memory.id, '', bruno)).json<ListBody>().data;
    expect(mine.find((c) => c.id === c2.id)).toMatchObject({ likedByMe: true, likeCount: 1 });
    const anon = (await list(memory.id)).json<ListBody>().data;
    expect(anon.find((c) => c.id === c2.id)).toMatchObject({ likedByMe: false, likeCount: 1 });
  });

  it('pages oldest first without repeats or skips while new comments arrive', async () => {
    const { memory, author, c1, c2, c3 } = await thread();
    const seen: string[] = [];
    let res = await list(memory.id, '?limit=2');
    let body = res.json<ListBody>();
    seen.push(...body.data.map((c) => c.id));
    const arrivals: string[] = [];
    while (body.meta.nextCursor) {
      // Someone comments between every two pages; new comments land at the end of the list.
      const posted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/memories/${memory.id}/comments`,
        headers: bearer(author.accessToken),
        payload: { body: `nuevo ${arrivals.length}` },
      });
      arrivals.push(posted.json<{ data: Comment }>().data.id);
      if (arrivals.length > 10) break;
      res = await list(memory.id, `?limit=2&cursor=${body.meta.nextCursor}`);
      expect(res.statusCode).toBe(200);
      body = res.json<ListBody>();
      seen.push(...body.data.map((c) => c.id));
    }
    expect(seen.slice(0, 3)).toEqual([c1.id, c2.id, c3.id]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(3)).toEqual(arrivals.slice(0, seen.length - 3));
    expect(seen).toEqual(await listIds(memory.id, '?limit=100'));
  });

  it('leaves out comments of dancers blocked either way, for the viewer only', async () => {
    const { memory, ana, bruno, author, c1, c2, c3, r1 } = await thread();
    await t.database.db.insert(blocks).values({ blockerId: ana.user.id, blockedId: bruno.user.id });
    expect(await listIds(memory.id, '', ana)).toEqual([c1.id, c3.id]);
    expect(await listIds(memory.id, `?parentId=${c1.id}`, ana)).not.toContain(r1.id);
    // Bruno is the one blocked: he no longer sees Ana either.
    expect(await listIds(memory.id, '', bruno)).toEqual([c2.id]);
    expect(await listIds(memory.id, '', author)).toEqual([c1.id, c2.id, c3.id]);
    expect(await listIds(memory.id)).toEqual([c1.id, c2.id, c3.id]);
  });

  it('answers 404 to whoever may not see the memory, and lists for those who may', async () => {
    const [author, follower, stranger] = await registerUsers(t.app, 3);
    const db = t.database.db;
    const mk = (visibility: MemoryRow['visibility']) =>
      createMemory(db, { authorId: author.user.id, visibility });
    const [priv, forFollowers] = [await mk('private'), await mk('followers')];
    await db.insert(follows).values({ followerId: follower.user.id, followeeId: author.user.id });
    const c = await createComment(db, { memoryId: forFollowers.id, authorId: follower.user.id });

    expect((await list(priv.id)).statusCode).toBe(404);
    expect((await list(priv.id, '', stranger)).statusCode).toBe(404);
    expect((await list(priv.id, '', author)).statusCode).toBe(200);
    expect((await list(forFollowers.id, '', stranger)).statusCode).toBe(404);
    expect(await listIds(forFollowers.id, '', follower)).toEqual([c.id]);
  });

  it.each([
    ['?limit=0', 'query.limit'],
    ['?limit=101', 'query.limit'],
    ['?cursor=not*a*cursor', 'query.cursor'],
    ['?parentId=42', 'query.parentId'],
    ['?author=a', 'query.author'],
  ])('refuses %s with the field named', async (query, path) => {
    const { memory } = await thread();
    const res = await list(memory.id, query);
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.code).toBe('VALIDATION_FAILED');
    expect((res.json<ErrorEnvelope>().error.details ?? []).map((d) => d.path)).toEqual([path]);
  });

  it('refuses a bad token rather than treating the request as anonymous', async () => {
    const { memory } = await thread();
    const res = await t.app.inject({
      url: `/api/v1/memories/${memory.id}/comments`,
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses an id that is not one', async () => {
    const res = await list('memory-1');
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorEnvelope>().error.details?.[0]?.path).toBe('params.id');
  });
});
