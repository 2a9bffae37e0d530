import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../../contract/social.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { follows, friendships, notifications } from '../../db/schema/index.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

let t: TestApp;
let ana: RegisteredUser;
let bruno: RegisteredUser;
beforeAll(async () => {
  t = await createTestApp();
  ana = await registerUser(t.app);
  bruno = await registerUser(t.app);
});
afterAll(() => t.close());

async function post(user: RegisteredUser, payload: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/memories',
    headers: bearer(user.accessToken),
    payload,
  });
}

async function share(user: RegisteredUser, payload: Record<string, unknown> = {}): Promise<Memory> {
  const res = await post(user, { body: 'Anoche en la milonga', ...payload });
  if (res.statusCode !== 201) throw new Error(`share failed: ${res.statusCode} ${res.body}`);
  return res.json<{ data: Memory }>().data;
}

const paths = (body: ErrorEnvelope) => (body.error.details ?? []).map((d) => d.path);

describe('POST /api/v1/memories', () => {
  it('stores the memory with tags and mentions read from the body', async () => {
    const res = await post(ana, {
      body: `Tanda de #DiSarli con @${bruno.username} en #Milonga ❤️`,
      visibility: 'followers',
      city: 'Buenos Aires',
      tags: ['encuentro', '#milonga'],
    });
    expect(res.statusCode).toBe(201);
    const m = res.json<{ data: Memory }>().data;
    expect(m).toMatchObject({
      body: `Tanda de #DiSarli con @${bruno.username} en #Milonga ❤️`,
      visibility: 'followers',
      city: 'Buenos Aires',
      eventId: null,
      media: [],
      myReactions: [],
      commentCount: 0,
      bookmarked: false,
      editedAt: null,
      author: { id: ana.user.id, username: ana.username, displayName: ana.user.displayName, avatarUrl: null },
    });
    expect(m.tags.sort()).toEqual(['disarli', 'encuentro', 'milonga']);
    expect(m.mentions).toEqual([
      { id: bruno.user.id, username: bruno.username, displayName: bruno.user.displayName, avatarUrl: null },
    ]);
    expect(m.reactionCounts).toEqual({ like: 0, love: 0, laugh: 0, wow: 0, sad: 0, abrazo: 0 });
  });

  it('lists mentions by username, case-insensitively, whatever their order in the text', async () => {
    const tag = randomUUID().slice(0, 8);
    const [zoe, mateo, lola] = await Promise.all(
      [`Zoe_${tag}`, `mateo_${tag}`, `LOLA_${tag}`].map((username) =>
        registerUser(t.app, { username, email: `${username.toLowerCase()}@example.test` }),
      ),
    );
    if (!zoe || !mateo || !lola) throw new Error('setup');
    const m = await share(ana, { body: `Con @${zoe.username}, @${mateo.username} y @${lola.username}` });
    expect(m.mentions.map((u) => u.username)).toEqual([lola.username, mateo.username, zoe.username]);
    const [again] = (
      await t.app.inject({ url: `/api/v1/users/${ana.username}/memories`, headers: bearer(ana.accessToken) })
    ).json<{ data: Memory[] }>().data;
    expect(again?.mentions.map((u) => u.username)).toEqual([lola.username, mateo.username, zoe.username]);
  });

  it('lists tags in order, whatever their order in the text', async () => {
    const m = await share(ana, { body: '#vals #Tango #milonga #árbol' });
    expect(m.tags).toEqual(['milonga', 'tango', 'vals', 'árbol']);
  });

  it('defaults to public and ignores mentions of unknown dancers', async () => {
    const m = await share(ana, { body: 'Hola @nadie_baila_aqui' });
    expect(m.visibility).toBe('public');
    expect(m.mentions).toEqual([]);
  });

  it('notifies a mentioned dancer who may see the memory, and not one who may not', async () => {
    const seen = await share(ana, { body: `Gracias @${bruno.username}` });
    const hidden = await share(ana, { body: `Secreto @${bruno.username}`, visibility: 'private' });
    const rows = await t.database.db
      .select()
      .from(notifications)
      .where(sql`${notifications.userId} = ${bruno.user.id} and ${notifications.type} = 'mention'`);
    const memoryIds = rows.map((r) => r.memoryId);
    expect(memoryIds).toContain(seen.id);
    expect(memoryIds).not.toContain(hidden.id);
  });

  it('requires a signed-in user', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/memories', payload: { body: 'x' } });
    expect(res.statusCode).toBe(401);
  });

  it.each([
    ['an empty body', { body: '' }, 'body.body'],
    ['a whitespace-only body', { body: ' \n\t ' }, 'body.body'],
    ['a body over 5,000 characters', { body: 'a'.repeat(5001) }, 'body.body'],
    ['an unknown visibility', { body: 'x', visibility: 'everyone' }, 'body.visibility'],
    ['a bad tag', { body: 'x', tags: ['two words'] }, 'body.tags.0'],
    ['an unknown field', { body: 'x', mood: 'happy' }, 'body'],
  ])('rejects %s', async (_label, payload, path) => {
    const res = await post(ana, payload);
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(paths(body)).toContain(path);
  });

  it('counts the body in characters, so 5,000 emoji fit', async () => {
    const m = await share(ana, { body: '💃'.repeat(5000) });
    expect([...m.body]).toHaveLength(5000);
  });
});

describe('GET /api/v1/memories/:id', () => {
  it('shows a public memory to anyone, signed in or not', async () => {
    const m = await share(ana);
    const anon = await t.app.inject({ url: `/api/v1/memories/${m.id}` });
    expect(anon.statusCode).toBe(200);
    expect(anon.json<{ data: Memory }>().data.id).toBe(m.id);
    const other = await t.app.inject({ url: `/api/v1/memories/${m.id}`, headers: bearer(bruno.accessToken) });
    expect(other.statusCode).toBe(200);
  });

  it('answers 404 for a private memory of someone else, exactly like an unknown id', async () => {
    const m = await share(ana, { visibility: 'private' });
    const hidden = await t.app.inject({
      url: `/api/v1/memories/${m.id}`,
      headers: bearer(bruno.accessToken),
    });
    const unknown = await t.app.inject({
      url: `/api/v1/memories/${randomUUID()}`,
      headers: bearer(bruno.accessToken),
    });
    expect(hidden.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(hidden.json<ErrorEnvelope>().error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Memory not found.',
    });
    expect(unknown.json<ErrorEnvelope>().error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Memory not found.',
    });
  });

  it('shows a followers memory to a follower and a friends memory to a friend', async () => {
    const forFollowers = await share(ana, { visibility: 'followers' });
    const forFriends = await share(ana, { visibility: 'friends' });
    const carla = await registerUser(t.app);
    const get = (id: string) =>
      t.app.inject({ url: `/api/v1/memories/${id}`, headers: bearer(carla.accessToken) });
    expect((await get(forFollowers.id)).statusCode).toBe(404);
    await t.database.db.insert(follows).values({ followerId: carla.user.id, followeeId: ana.user.id });
    expect((await get(forFollowers.id)).statusCode).toBe(200);
    expect((await get(forFriends.id)).statusCode).toBe(404);
    const [low, high] = [carla.user.id, ana.user.id].sort() as [string, string];
    await t.database.db.insert(friendships).values({ userLowId: low, userHighId: high });
    expect((await get(forFriends.id)).statusCode).toBe(200);
  });

  it('rejects an id that is not a UUID on params.id', async () => {
    const res = await t.app.inject({ url: '/api/v1/memories/not-a-uuid' });
    expect(res.statusCode).toBe(400);
    expect(paths(res.json<ErrorEnvelope>())).toEqual(['params.id']);
  });
});

describe('PATCH /api/v1/memories/:id', () => {
  it('lets the author edit, sets editedAt and re-reads tags', async () => {
    const m = await share(ana, { body: 'Primera #milonga', tags: ['vals'] });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/memories/${m.id}`,
      headers: bearer(ana.accessToken),
      payload: { body: 'Ahora una #práctica', visibility: 'friends' },
    });
    expect(res.statusCode).toBe(200);
    const edited = res.json<{ data: Memory }>().data;
    expect(edited).toMatchObject({
      body: 'Ahora una #práctica',
      visibility: 'friends',
      createdAt: m.createdAt,
    });
    expect(edited.editedAt).toEqual(expect.any(String));
    // "vals" was given apart from the body, so it survives; "milonga" left with the old body.
    expect(edited.tags.sort()).toEqual(['práctica', 'vals']);
  });

  it('answers 403 to someone who can see it but is not the author, and 404 to someone who cannot', async () => {
    const pub = await share(ana);
    const priv = await share(ana, { visibility: 'private' });
    const patch = (id: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/memories/${id}`,
        headers: bearer(bruno.accessToken),
        payload: { body: 'mine now' },
      });
    expect((await patch(pub.id)).statusCode).toBe(403);
    expect((await patch(priv.id)).statusCode).toBe(404);
    const after = await t.app.inject({ url: `/api/v1/memories/${pub.id}` });
    expect(after.json<{ data: Memory }>().data.body).toBe(pub.body);
  });

  it('requires auth and a change', async () => {
    const m = await share(ana);
    const anon = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/memories/${m.id}`,
      payload: { body: 'x' },
    });
    expect(anon.statusCode).toBe(401);
    const empty = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/memories/${m.id}`,
      headers: bearer(ana.accessToken),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
  });
});

describe('DELETE /api/v1/memories/:id', () => {
  it('deletes the memory with its tags, bookmarks and notifications', async () => {
    const m = await share(ana, { body: `#adiós @${bruno.username}` });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/memories/${m.id}/bookmark`,
      headers: bearer(bruno.accessToken),
    });
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/memories/${m.id}`,
      headers: bearer(ana.accessToken),
    });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/memories/${m.id}` })).statusCode).toBe(404);
    for (const table of ['memory_tags', 'memory_mentions', 'bookmarks', 'notifications']) {
      const rows = await t.database.rows<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(table)} where memory_id = ${m.id}`,
      );
      expect(rows[0]?.n, table).toBe(0);
    }
  });

  it('answers 403 to another dancer who can see it, 404 when they cannot, 401 without auth', async () => {
    const pub = await share(ana);
    const priv = await share(ana, { visibility: 'private' });
    const del = (id: string, headers = bearer(bruno.accessToken)) =>
      t.app.inject({ method: 'DELETE', url: `/api/v1/memories/${id}`, headers });
    expect((await del(pub.id)).statusCode).toBe(403);
    expect((await del(priv.id)).statusCode).toBe(404);
    expect((await del(pub.id, {})).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/api/v1/memories/${pub.id}` })).statusCode).toBe(200);
  });
});

describe('bookmarks', () => {
  it('saves idempotently, lists newest saved first and removes', async () => {
    const first = await share(ana);
    const second = await share(ana);
    const put = (id: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/memories/${id}/bookmark`,
        headers: bearer(bruno.accessToken),
      });
    expect((await put(second.id)).statusCode).toBe(204);
    expect((await put(first.id)).statusCode).toBe(204);
    expect((await put(first.id)).statusCode).toBe(204);
    const list = await t.app.inject({ url: '/api/v1/me/bookmarks', headers: bearer(bruno.accessToken) });
    const items = list.json<{ data: Memory[] }>().data;
    expect(items.map((m) => m.id)).toEqual([first.id, second.id]);
    expect(items.every((m) => m.bookmarked)).toBe(true);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/memories/${first.id}/bookmark`,
      headers: bearer(bruno.accessToken),
    });
    expect(del.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me/bookmarks', headers: bearer(bruno.accessToken) });
    expect(after.json<{ data: Memory[] }>().data.map((m) => m.id)).toEqual([second.id]);
  });

  it('cannot bookmark what one may not see, and hides bookmarks that became invisible', async () => {
    const m = await share(ana);
    const priv = await share(ana, { visibility: 'private' });
    const put = (id: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/memories/${id}/bookmark`,
        headers: bearer(bruno.accessToken),
      });
    expect((await put(priv.id)).statusCode).toBe(404);
    expect((await put(m.id)).statusCode).toBe(204);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/memories/${m.id}`,
      headers: bearer(ana.accessToken),
      payload: { visibility: 'private' },
    });
    const list = await t.app.inject({ url: '/api/v1/me/bookmarks', headers: bearer(bruno.accessToken) });
    expect(list.json<{ data: Memory[] }>().data.map((x) => x.id)).not.toContain(m.id);
  });

  it('requires auth', async () => {
    const m = await share(ana);
    expect((await t.app.inject({ method: 'PUT', url: `/api/v1/memories/${m.id}/bookmark` })).statusCode).toBe(
      401,
    );
    expect((await t.app.inject({ url: '/api/v1/me/bookmarks' })).statusCode).toBe(401);
  });
});
