import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import { USER_SEARCH_MAX_RESULTS } from '../../../contract/rules.ts';
import type { Member } from '../../../contract/users.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { accessTokenFor, bearer } from '../../../../test/helpers/auth.ts';
import { insertBlock, insertFollow } from '../../../../test/helpers/social.ts';

// GET /api/v1/users?q=: the mention autocomplete's search by name prefix.

interface SearchBody {
  data: Member[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

let t: TestApp;
let viewerToken = '';
let viewerId = '';
beforeAll(async () => {
  t = await createTestApp();
  const viewer = await createUser(t.database.db);
  viewerId = viewer.id;
  viewerToken = await accessTokenFor(viewer.id);
});
afterAll(() => t.close());

/** A prefix no other test's dancer has: letters only, so it reads the same in any case. */
const freshPrefix = () => `q${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

const search = (q: string, token: string | null = viewerToken, extra: Record<string, string> = {}) =>
  t.app.inject({
    url: '/api/v1/users',
    query: { q, ...extra },
    headers: token ? bearer(token) : {},
  });

describe('GET /api/v1/users?q=', () => {
  it('finds dancers by username or display name prefix, ignoring case, usernames first', async () => {
    const p = freshPrefix();
    const byUsername = await createUser(t.database.db, { username: `${p}_ana`, displayName: 'Ana Pereyra' });
    const byBoth = await createUser(t.database.db, { username: `${p}_bruno`, displayName: `${p} Bruno` });
    const byDisplayName = await createUser(t.database.db, {
      username: `zz${p}`,
      displayName: `${p.toUpperCase()} Carla`,
    });
    await createUser(t.database.db, { username: `x${p}`, displayName: `Diego ${p}` });

    const res = await search(p.slice(0, 5).toUpperCase() + p.slice(5));
    expect(res.statusCode).toBe(200);
    const body = res.json<SearchBody>();
    expect(body.data.map((u) => u.id)).toEqual([byUsername.id, byBoth.id, byDisplayName.id]);
    expect(body.meta).toEqual({ nextCursor: null, hasMore: false });
    expect(body.data[0]).toMatchObject({ username: `${p}_ana`, viewerFollows: false });
    expect(body.data[0]).not.toHaveProperty('email');
  });

  it('takes a leading "@" and says whom the viewer follows', async () => {
    const p = freshPrefix();
    const followed = await createUser(t.database.db, { username: `${p}_followed` });
    await insertFollow(t.database.db, viewerId, followed.id);
    const res = await search(`@${p}`);
    expect(res.statusCode).toBe(200);
    expect(res.json<SearchBody>().data).toMatchObject([{ id: followed.id, viewerFollows: true }]);
  });

  it(`answers at most ${USER_SEARCH_MAX_RESULTS}, in name order, whatever the limit asked`, async () => {
    const p = freshPrefix();
    for (let i = 0; i < USER_SEARCH_MAX_RESULTS + 3; i++) {
      await createUser(t.database.db, { username: `${p}_${String(i).padStart(2, '0')}` });
    }
    const res = await search(p, viewerToken, { limit: '50' });
    const names = res.json<SearchBody>().data.map((u) => u.username);
    expect(names).toHaveLength(USER_SEARCH_MAX_RESULTS);
    expect(names).toEqual([...names].sort());
    const three = await search(p, viewerToken, { limit: '3' });
    expect(three.json<SearchBody>().data).toHaveLength(3);
  });

  it('leaves out dancers in a block with the viewer, either way', async () => {
    const p = freshPrefix();
    const blocked = await createUser(t.database.db, { username: `${p}_blocked` });
    const blocker = await createUser(t.database.db, { username: `${p}_blocker` });
    const visible = await createUser(t.database.db, { username: `${p}_visible` });
    await insertBlock(t.database.db, viewerId, blocked.id);
    await insertBlock(t.database.db, blocker.id, viewerId);
    const res = await search(p);
    expect(res.json<SearchBody>().data.map((u) => u.id)).toEqual([visible.id]);
  });

  it('treats "%" and "_" as themselves, not as patterns', async () => {
    const p = freshPrefix();
    const under = await createUser(t.database.db, { username: `${p}_x` });
    await createUser(t.database.db, { username: `${p}ax` });
    const res = await search(`${p}_`);
    expect(res.json<SearchBody>().data.map((u) => u.id)).toEqual([under.id]);
    expect((await search(`${p}%`)).json<SearchBody>().data).toEqual([]);
  });

  it('needs a signed-in caller', async () => {
    const res = await search(freshPrefix(), null);
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorEnvelope>().error.code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['an empty q', { q: '  ' }, 'query.q'],
    ['a lone "@"', { q: '@' }, 'query.q'],
    ['a q longer than 80', { q: 'a'.repeat(81) }, 'query.q'],
    ['a cursor with q', { q: 'ana', cursor: 'abc' }, 'query.cursor'],
    ['a city with q', { q: 'ana', city: 'Berlin' }, 'query.city'],
  ])('refuses %s', async (_label, query, path) => {
    const res = await t.app.inject({ url: '/api/v1/users', query, headers: bearer(viewerToken) });
    expect(res.statusCode).toBe(400);
    const body = res.json<ErrorEnvelope>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details?.map((d) => d.path)).toContain(path);
  });

  it('still lists members newest first without q, for anonymous callers too', async () => {
    const res = await t.app.inject({ url: '/api/v1/users', query: { limit: '2' } });
    expect(res.statusCode).toBe(200);
    expect(res.json<SearchBody>().data).toHaveLength(2);
  });
});
