import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { accessTokenFor, bearer } from '../../../../test/helpers/auth.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { blocks } from '../../db/schema/index.ts';
import { encodeCursor } from '../../lib/pagination.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

interface UserBody {
  id: string;
  username: string;
  city: string | null;
  createdAt: string;
  viewerFollows?: boolean | null;
}
interface ListBody {
  data: UserBody[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

const PUBLIC_FIELDS = [
  'avatarUrl',
  'bio',
  'city',
  'country',
  'createdAt',
  'displayName',
  'followerLevel',
  'id',
  'languages',
  'leaderLevel',
  'roles',
  'username',
  'yearsDancing',
];
// The profile adds the relation counts and how the viewer relates (null for anonymous viewers).
const PROFILE_FIELDS = [
  ...PUBLIC_FIELDS,
  'followerCount',
  'followingCount',
  'friendCount',
  'relationship',
].sort();

// Hex digits and dashes, 36 long, but not shaped like a UUID.
const NOT_A_UUID = '0123456789abcdef-0123456789abcdef-01';

const uniqueCity = () => `City ${randomUUID()}`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** `count` members of one city, created one second apart, oldest first. */
async function createMembers(city: string, count: number) {
  const base = Date.parse('2025-03-01T20:00:00.000Z');
  const rows = [];
  for (let i = 0; i < count; i++) {
    rows.push(await createUser(t.database.db, { city, createdAt: new Date(base + i * 1000) }));
  }
  return rows;
}

function validationPaths(body: ErrorEnvelope): string[] {
  return (body.error.details ?? []).map((d) => d.path);
}

describe('GET /api/v1/users/:username', () => {
  it('returns exactly the public profile with counts to an anonymous viewer', async () => {
    const user = await createUser(t.database.db, {
      bio: 'Milonguero, DJ los jueves.',
      city: 'Buenos Aires',
      country: 'AR',
      languages: ['es', 'en'],
      roles: ['dancer', 'dj'],
      leaderLevel: 4,
      followerLevel: 1,
      yearsDancing: 12,
    });
    const res = await t.app.inject({ url: `/api/v1/users/${user.username}` });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ data: Record<string, unknown> }>();
    expect(Object.keys(body)).toEqual(['data']);
    expect(Object.keys(body.data).sort()).toEqual(PROFILE_FIELDS);
    expect(body.data).toEqual({
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      bio: 'Milonguero, DJ los jueves.',
      city: 'Buenos Aires',
      country: 'AR',
      languages: ['es', 'en'],
      roles: ['dancer', 'dj'],
      leaderLevel: 4,
      followerLevel: 1,
      yearsDancing: 12,
      avatarUrl: null,
      createdAt: user.createdAt.toISOString(),
      followerCount: 0,
      followingCount: 0,
      friendCount: 0,
      relationship: null,
    });
    expect(body.data.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('never sends the email', async () => {
    const user = await createUser(t.database.db);
    const res = await t.app.inject({ url: `/api/v1/users/${user.username}` });
    expect(res.statusCode).toBe(200);
    expect(res.body.toLowerCase()).not.toContain(user.email.toLowerCase());
    expect(res.body).not.toContain('email');
  });

  it('drops roles the contract does not know', async () => {
    const user = await createUser(t.database.db, { roles: ['teacher', 'astronaut'] });
    const res = await t.app.inject({ url: `/api/v1/users/${user.username}` });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: { roles: string[] } }>().data.roles).toEqual(['teacher']);
  });

  it('finds a dancer whatever the case of the username', async () => {
    const user = await createUser(t.database.db);
    const res = await t.app.inject({ url: `/api/v1/users/${user.username.toUpperCase()}` });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: UserBody }>().data).toMatchObject({ id: user.id, username: user.username });
  });

  it('answers an unknown username with a 404 NOT_FOUND envelope', async () => {
    const res = await t.app.inject({ url: '/api/v1/users/nobody_dances_here' });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>()).toEqual({
      error: { code: 'NOT_FOUND', message: 'User not found.', requestId: res.headers['x-request-id'] },
    });
  });

  it('rejects a username longer than 64 characters with VALIDATION_FAILED on params.username', async () => {
    const res = await t.app.inject({ url: `/api/v1/users/${'a'.repeat(65)}` });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(validationPaths(body)).toEqual(['params.username']);
  });
});

describe('GET /api/v1/users', () => {
  it('lists members newest first with a page envelope', async () => {
    const city = uniqueCity();
    const members = await createMembers(city, 3);
    const res = await t.app.inject({ url: '/api/v1/users', query: { city } });
    expect(res.statusCode).toBe(200);
    const body = res.json<ListBody>();
    expect(Object.keys(body).sort()).toEqual(['data', 'meta']);
    expect(body.data.map((u) => u.id)).toEqual(members.map((m) => m.id).reverse());
    expect(body.meta).toEqual({ nextCursor: null, hasMore: false });
    expect(res.body).not.toContain('email');
  });

  it('returns 20 members by default and a cursor to the rest', async () => {
    const city = uniqueCity();
    const members = await createMembers(city, 22);
    const first = await t.app.inject({ url: '/api/v1/users', query: { city } });
    const page1 = first.json<ListBody>();
    expect(page1.data).toHaveLength(20);
    expect(page1.meta.hasMore).toBe(true);
    expect(page1.meta.nextCursor).toEqual(expect.any(String));

    const second = await t.app.inject({
      url: '/api/v1/users',
      query: { city, cursor: page1.meta.nextCursor ?? '' },
    });
    const page2 = second.json<ListBody>();
    expect(page2.data.map((u) => u.id)).toEqual([members[1]?.id, members[0]?.id]);
    expect(page2.meta).toEqual({ nextCursor: null, hasMore: false });
  });

  it('accepts a limit of 100', async () => {
    const city = uniqueCity();
    await createMembers(city, 2);
    const res = await t.app.inject({ url: '/api/v1/users', query: { city, limit: '100' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<ListBody>().data).toHaveLength(2);
  });

  it('honours a small limit', async () => {
    const city = uniqueCity();
    const members = await createMembers(city, 3);
    const res = await t.app.inject({ url: '/api/v1/users', query: { city, limit: '2' } });
    const body = res.json<ListBody>();
    expect(body.data.map((u) => u.id)).toEqual([members[2]?.id, members[1]?.id]);
    expect(body.meta.hasMore).toBe(true);
  });

  it.each(['101', '0', '-1', '2.5', 'many'])('rejects limit=%s on query.limit', async (limit) => {
    const res = await t.app.inject({ url: '/api/v1/users', query: { limit } });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(validationPaths(body)).toEqual(['query.limit']);
  });

  it.each([
    ['garbage', 'garbage'],
    ['base64url of something else', Buffer.from('hello world').toString('base64url')],
    ['a cursor whose id is not a UUID', Buffer.from(`1700000000000.${NOT_A_UUID}`).toString('base64url')],
    ['a cursor beyond year 9999', Buffer.from(`999999999999999.${randomUUID()}`).toString('base64url')],
    ['a tampered cursor', `${encodeCursor({ createdAt: new Date(), id: randomUUID() })}!`],
  ])('rejects %s as cursor on query.cursor', async (_label, cursor) => {
    const res = await t.app.inject({ url: '/api/v1/users', query: { cursor } });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(validationPaths(body)).toEqual(['query.cursor']);
  });

  it('returns only the members of the requested city', async () => {
    const city = uniqueCity();
    const other = uniqueCity();
    const here = await createMembers(city, 2);
    await createMembers(other, 2);
    const res = await t.app.inject({ url: '/api/v1/users', query: { city } });
    const body = res.json<ListBody>();
    expect(body.data.map((u) => u.id).sort()).toEqual(here.map((m) => m.id).sort());
    expect(body.data.every((u) => u.city === city)).toBe(true);
  });

  it('returns an empty page for a city with no members', async () => {
    const res = await t.app.inject({ url: '/api/v1/users', query: { city: uniqueCity() } });
    expect(res.statusCode).toBe(200);
    expect(res.json<ListBody>()).toEqual({ data: [], meta: { nextCursor: null, hasMore: false } });
  });

  it('rejects an over-long city on query.city', async () => {
    const res = await t.app.inject({ url: '/api/v1/users', query: { city: 'x'.repeat(101) } });
    expect(res.statusCode).toBe(400);
    expect(validationPaths(res.json<ErrorEnvelope>())).toEqual(['query.city']);
  });
});

describe('GET /api/v1/users for a signed-in viewer', () => {
  it('says whom of the members the viewer follows, and null to anonymous callers', async () => {
    const city = uniqueCity();
    const [viewer, followed, other] = await createMembers(city, 3);
    if (!viewer || !followed || !other) throw new Error('setup');
    const token = await accessTokenFor(viewer.id);
    const follow = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${followed.username}/follow`,
      headers: bearer(token),
    });
    expect(follow.statusCode).toBe(204);
    const res = await t.app.inject({ url: '/api/v1/users', query: { city }, headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const follows = Object.fromEntries(res.json<ListBody>().data.map((u) => [u.id, u.viewerFollows]));
    expect(follows).toEqual({ [viewer.id]: false, [followed.id]: true, [other.id]: false });
    const anonymous = await t.app.inject({ url: '/api/v1/users', query: { city } });
    expect(anonymous.json<ListBody>().data.every((u) => u.viewerFollows === null)).toBe(true);
  });
});

describe('GET /api/v1/users with blocks', () => {
  it('leaves out dancers who stand in a block with the viewer, either way', async () => {
    const city = uniqueCity();
    const [viewer, blocked, blocker, other] = await createMembers(city, 4);
    if (!viewer || !blocked || !blocker || !other) throw new Error('setup');
    await t.database.db.insert(blocks).values([
      { blockerId: viewer.id, blockedId: blocked.id },
      { blockerId: blocker.id, blockedId: viewer.id },
    ]);
    const token = await accessTokenFor(viewer.id);
    const res = await t.app.inject({ url: '/api/v1/users', query: { city }, headers: bearer(token) });
    expect(res.json<ListBody>().data.map((u) => u.id)).toEqual([other.id, viewer.id]);
    const anonymous = await t.app.inject({ url: '/api/v1/users', query: { city } });
    expect(anonymous.json<ListBody>().data).toHaveLength(4);
  });
});
