import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { GROUP_NAME_MAX_LENGTH } from '../../../contract/rules.ts';
import {
  addMember,
  cityOfTheTest,
  createDancer,
  createGroup,
  detailPaths,
  groupsOf,
  outcome,
  uniqueWord,
  useGroupsApp,
} from './groups.testing.ts';

const { t, api } = useGroupsApp();

describe('GET /api/v1/groups', () => {
  it('lists groups in name order ignoring case and accents, a page at a time, private ones too', async () => {
    const word = uniqueWord();
    const ana = await createDancer(t);
    // Created out of order; accents and capitals do not change the order.
    const c = await createGroup(api, ana, { name: `${word} Ñandú` });
    const a = await createGroup(api, ana, { name: `${word} álamo`, visibility: 'private' });
    const b = await createGroup(api, ana, { name: `${word} Bandoneón` });
    const first = await api.list(`?q=${word}&limit=2`);
    expect(first.statusCode).toBe(200);
    const page1 = groupsOf(first);
    expect(page1.data.map((g) => g.id)).toEqual([a.id, b.id]);
    expect(page1.data[0]).toMatchObject({
      name: `${word} álamo`,
      visibility: 'private',
      memberCount: 1,
      viewer: null,
    });
    expect(page1.meta.hasMore).toBe(true);
    const page2 = groupsOf(await api.list(`?q=${word}&limit=2&cursor=${page1.meta.nextCursor ?? ''}`));
    expect(page2.data.map((g) => g.id)).toEqual([c.id]);
    expect(page2.meta).toEqual({ nextCursor: null, hasMore: false });
  });

  it('matches q against the start of the name, ignoring case, accents and extra spaces', async () => {
    const word = uniqueWord();
    const ana = await createDancer(t);
    const group = await createGroup(api, ana, { name: `Música ${word} del Sur` });
    for (const q of [`musica ${word}`, `MÚSICA  ${word.toUpperCase()} DEL`, `  música ${word.slice(0, 4)}`]) {
      const res = await api.list(`?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(
        groupsOf(res).data.map((g) => g.id),
        q,
      ).toEqual([group.id]);
    }
    expect(groupsOf(await api.list(`?q=${encodeURIComponent(`sur ${word}`)}`)).data).toEqual([]);
  });

  it("lists a city's groups, and tells a signed-in dancer where they stand", async () => {
    const city = await cityOfTheTest(t);
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const open = await createGroup(api, ana, { name: 'Abierto', city: city.slug });
    const closed = await createGroup(api, ana, { name: 'Cerrado', city: city.slug, visibility: 'private' });
    await createGroup(api, ana, { name: 'En ningún lado' });
    await api.join(open.id, bruno);
    await api.join(closed.id, bruno);
    const page = groupsOf(await api.list(`?city=${city.slug}`, bruno));
    expect(page.data.map((g) => [g.name, g.viewer])).toEqual([
      ['Abierto', { membership: 'member', role: 'member' }],
      ['Cerrado', { membership: 'pending', role: null }],
    ]);
    expect(page.data.map((g) => g.memberCount)).toEqual([2, 1]);
  });

  it('pages through every group without a filter, never twice the same', async () => {
    const seen = new Set<string>();
    let cursor = '';
    for (let i = 0; i < 200; i++) {
      const page = groupsOf(await api.list(`?limit=9${cursor ? `&cursor=${cursor}` : ''}`));
      for (const group of page.data) {
        expect(seen.has(group.id), group.id).toBe(false);
        seen.add(group.id);
      }
      if (!page.meta.nextCursor) break;
      cursor = page.meta.nextCursor;
    }
    const [row] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from groups`);
    expect(seen.size).toBe(row?.n);
  });

  it.each([
    ['an empty q', '?q=', 'query.q'],
    ['a q too long', `?q=${'a'.repeat(GROUP_NAME_MAX_LENGTH + 1)}`, 'query.q'],
    ['an unknown city', '?city=no-such-city-zz', 'query.city'],
    ['a limit of 0', '?limit=0', 'query.limit'],
    ['a malformed cursor', '?cursor=not*a*cursor', 'query.cursor'],
    ['a cursor of no group', `?cursor=${Buffer.from(randomUUID()).toString('base64url')}`, 'query.cursor'],
    ['a cursor that is no id', `?cursor=${Buffer.from('yesterday').toString('base64url')}`, 'query.cursor'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_label, query, path) => {
    const res = await api.list(query);
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual([path]);
  });

  it('refuses a bad bearer token with 401, though it needs none', async () => {
    expect(outcome(await api.list('', 'not-a-token'))).toBe('401 UNAUTHENTICATED');
  });
});

describe('GET /api/v1/me/groups', () => {
  it('lists the groups the dancer is a member of, in name order, not those asked to join', async () => {
    const word = uniqueWord();
    const [owner, me] = [await createDancer(t), await createDancer(t)];
    const z = await createGroup(api, owner, { name: `${word} zamba` });
    const a = await createGroup(api, owner, { name: `${word} Arrabal`, visibility: 'private' });
    const pending = await createGroup(api, owner, { name: `${word} pendiente`, visibility: 'private' });
    await createGroup(api, owner, { name: `${word} ajeno` });
    const mine = await createGroup(api, me, { name: `${word} Milonga` });
    await addMember(api, z, owner, me);
    await addMember(api, a, owner, me);
    await api.join(pending.id, me);

    const first = await api.mine(me, '?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = groupsOf(first);
    expect(page1.data.map((g) => g.id)).toEqual([a.id, mine.id]);
    expect(page1.data.map((g) => g.viewer?.role)).toEqual(['member', 'owner']);
    const page2 = groupsOf(await api.mine(me, `?limit=2&cursor=${page1.meta.nextCursor ?? ''}`));
    expect(page2.data.map((g) => g.id)).toEqual([z.id]);
    expect(page2.meta.hasMore).toBe(false);
  });

  it('answers 401 without a token and 400 for a bad limit', async () => {
    expect(outcome(await api.mine(undefined))).toBe('401 UNAUTHENTICATED');
    const res = await api.mine(await createDancer(t), '?limit=101');
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual(['query.limit']);
  });
});
