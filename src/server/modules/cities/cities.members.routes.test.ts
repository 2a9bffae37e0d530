import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { memberSchema } from '../../../contract/users.ts';
import { bearer, registerUser } from '../../../../test/helpers/auth.ts';
import { insertBlock, insertFollow } from '../../../../test/helpers/social.ts';
import { cityFollows } from '../../db/schema/index.ts';
import {
  cityOf,
  createDancer,
  createResidents,
  detailPaths,
  errorOf,
  idsOf,
  membersOf,
  uniqueWord,
  useCitiesApp,
  type CitiesClient,
} from './cities.testing.ts';

const { t, api } = useCitiesApp();

type List = 'residents' | 'visitors';

const listOf = (list: List): CitiesClient['residents'] =>
  list === 'residents' ? api.residents : api.visitors;

/** Every id of a list, following its cursor page by page. */
async function allIds(list: List, slug: string, token: string | undefined, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await listOf(list)(slug, token, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    const page = membersOf(res);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    ids.push(...page.data.map((m) => m.id));
    cursor = page.meta.nextCursor;
    expect(page.meta.hasMore).toBe(cursor !== null);
  } while (cursor);
  return ids;
}

/** A city with `count` visitors who followed it a minute apart, the first one longest ago. */
async function cityWithVisitors(count: number) {
  const word = uniqueWord();
  const [local] = await createResidents(t, `${word} Puerto`, 'AR', 1);
  if (!local) throw new Error('setup');
  const slug = `${word}-puerto-ar`;
  const visitors = [];
  for (let i = 0; i < count; i++) visitors.push(await createDancer(t));
  // Follows inserted with set times, so their order is known to the millisecond.
  const [{ id: cityId = '' } = {}] = await t.database.rows<{ id: string }>(
    sql`select id from cities where slug = ${slug}`,
  );
  const base = Date.parse('2025-06-01T21:00:00.000Z');
  await t.database.db
    .insert(cityFollows)
    .values(visitors.map((v, i) => ({ cityId, userId: v.id, createdAt: new Date(base + i * 60_000) })));
  return { slug, local, visitors };
}

describe('GET /api/v1/cities/:slug/residents', () => {
  it('lists the residents as members, newest first, a page at a time', async () => {
    const word = uniqueWord();
    const base = Date.parse('2025-03-01T20:00:00.000Z');
    const residents = [];
    for (let i = 0; i < 5; i++) {
      const createdAt = new Date(base + i * 60_000);
      residents.push(await createDancer(t, { city: `${word} Ribera`, country: 'UY', createdAt }));
    }
    const elsewhere = await createDancer(t, { city: `${word} Otra`, country: 'UY' });
    const first = await api.residents(`${word}-ribera-uy`, undefined, '?limit=2');
    expect(first.statusCode).toBe(200);
    const page = membersOf(first);
    for (const member of page.data) {
      expect(memberSchema.strict().parse(member)).toEqual(member);
      expect(member).toMatchObject({ city: `${word} Ribera`, country: 'UY', viewerFollows: null });
    }
    const ids = await allIds('residents', `${word}-ribera-uy`, undefined, 2);
    expect(ids).toEqual(residents.map((r) => r.id).reverse());
    expect(ids).not.toContain(elsewhere.id);
  });

  it("fills each member's Follow button for a signed-in viewer", async () => {
    const word = uniqueWord();
    const [ana, bruno] = await createResidents(t, `${word} Playa`, 'UY', 2);
    const viewer = await createDancer(t);
    if (!ana || !bruno) throw new Error('setup');
    await insertFollow(t.database.db, viewer.id, ana.id);
    const page = membersOf(await api.residents(`${word}-playa-uy`, viewer.token));
    expect(Object.fromEntries(page.data.map((m) => [m.id, m.viewerFollows]))).toEqual({
      [ana.id]: true,
      [bruno.id]: false,
    });
  });

  it('takes a city name as well as a slug', async () => {
    const word = uniqueWord();
    const [only] = await createResidents(t, `Villa ${word}`, 'PY', 1);
    expect(idsOf(await api.residents(`villa ${word.toUpperCase()}`))).toEqual([only?.id]);
  });
});

describe('GET /api/v1/cities/:slug/visitors', () => {
  it('lists the visitors, most recent follow first, a page at a time', async () => {
    const { slug, local, visitors } = await cityWithVisitors(5);
    const ids = await allIds('visitors', slug, undefined, 2);
    expect(ids).toEqual(visitors.map((v) => v.id).reverse());
    expect(ids).not.toContain(local.id);
    const page = membersOf(await api.visitors(slug, local.token));
    for (const member of page.data) expect(memberSchema.strict().parse(member)).toEqual(member);
    expect(page.data.every((m) => m.viewerFollows === false)).toBe(true);
  });

  it('lists a dancer who followed through the API', async () => {
    const word = uniqueWord();
    await createResidents(t, `${word} Bahía`, 'AR', 1);
    const visitor = await createDancer(t, { city: 'Rosario', country: 'AR' });
    await api.follow(`${word}-bahia-ar`, visitor.token);
    const page = membersOf(await api.visitors(`${word}-bahia-ar`));
    expect(page.data.map((m) => [m.id, m.city])).toEqual([[visitor.id, 'Rosario']]);
    expect(page.meta).toEqual({ nextCursor: null, hasMore: false });
  });
});

describe.each(['residents', 'visitors'] as const)('GET /api/v1/cities/:slug/%s', (list) => {
  async function cityOfPeople() {
    if (list === 'visitors') {
      const { slug, visitors } = await cityWithVisitors(3);
      return { slug, people: visitors };
    }
    const word = uniqueWord();
    return { slug: `${word}-llanura-ar`, people: await createResidents(t, `${word} Llanura`, 'AR', 3) };
  }

  it('leaves out whoever stands in a block with the viewer, either way, and only for them', async () => {
    const { slug, people } = await cityOfPeople();
    const [blocked, blocker, other] = people;
    if (!blocked || !blocker || !other) throw new Error('setup');
    const viewer = await createDancer(t);
    await insertBlock(t.database.db, viewer.id, blocked.id);
    await insertBlock(t.database.db, blocker.id, viewer.id);
    expect(await allIds(list, slug, viewer.token, 1)).toEqual([other.id]);
    expect(new Set(await allIds(list, slug, undefined, 1))).toEqual(new Set(people.map((p) => p.id)));
    const stranger = await createDancer(t);
    expect(await allIds(list, slug, stranger.token, 20)).toHaveLength(3);
    // The counts are the city's, whoever looks.
    const city = cityOf(await api.get(slug, viewer.token));
    expect(list === 'residents' ? city.residentCount : city.visitorCount).toBe(3);
  });

  it('answers 404 for an unknown city', async () => {
    const res = await listOf(list)(`${uniqueWord()}-nowhere-ar`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: 'City not found.' });
  });

  it.each([
    ['a limit of 0', '?limit=0', 'query.limit'],
    ['a limit over 100', '?limit=101', 'query.limit'],
    ['a malformed cursor', '?cursor=%24%24', 'query.cursor'],
    [
      'a cursor that decodes to nothing',
      `?cursor=${Buffer.from('yesterday').toString('base64url')}`,
      'query.cursor',
    ],
  ])('answers 400 VALIDATION_FAILED for %s', async (_label, query, path) => {
    const { slug } = await cityOfPeople();
    const res = await listOf(list)(slug, undefined, query);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual([path]);
  });

  it('refuses a bad bearer token with 401, though it needs none', async () => {
    const { slug } = await cityOfPeople();
    const res = await listOf(list)(slug, 'not-a-token');
    expect(res.statusCode).toBe(401);
  });
});

describe('moving and leaving', () => {
  it('makes a dancer who moves (PATCH /me) a resident of the new city and no longer of the old', async () => {
    const word = uniqueWord();
    const [mover, stayer] = await createResidents(t, `${word} Antes`, 'AR', 2);
    if (!mover || !stayer) throw new Error('setup');
    const res = await api.moveTo(mover.token, `${word} Después`, 'UY');
    expect(res.statusCode).toBe(200);
    expect(idsOf(await api.residents(`${word}-antes-ar`))).toEqual([stayer.id]);
    expect(idsOf(await api.residents(`${word}-despues-uy`))).toEqual([mover.id]);
    expect(cityOf(await api.get(`${word}-despues-uy`, mover.token)).viewer).toEqual({
      resident: true,
      following: false,
    });
    // Changing only the country moves them too.
    await api.moveTo(mover.token, `${word} Después`, 'AR');
    expect(cityOf(await api.get(`${word}-despues-uy`)).residentCount).toBe(0);
    expect(idsOf(await api.residents(`${word}-despues-ar`))).toEqual([mover.id]);
    // And naming no city leaves them in none.
    await api.moveTo(mover.token, null);
    expect(cityOf(await api.get(`${word}-despues-ar`)).residentCount).toBe(0);
  });

  it('turns a visitor who moves into the city into a resident, and no longer a visitor', async () => {
    const word = uniqueWord();
    await createResidents(t, `${word} Destino`, 'AR', 1);
    const visitor = await createDancer(t, { city: `${word} Origen`, country: 'AR' });
    await api.follow(`${word}-destino-ar`, visitor.token);
    await api.moveTo(visitor.token, `${word} destino`);
    const city = cityOf(await api.get(`${word}-destino-ar`, visitor.token));
    expect(city).toMatchObject({
      residentCount: 2,
      visitorCount: 0,
      viewer: { resident: true, following: false },
    });
  });

  it('takes a deleted account off the residents and the visitors of every city', async () => {
    const word = uniqueWord();
    const leaving = await registerUser(t.app, { city: `${word} Casa`, country: 'AR' });
    await createResidents(t, `${word} Casa`, 'AR', 1);
    await createResidents(t, `${word} Fuera`, 'AR', 1);
    await api.follow(`${word}-fuera-ar`, leaving.accessToken);
    expect(cityOf(await api.get(`${word}-casa-ar`)).residentCount).toBe(2);
    expect(cityOf(await api.get(`${word}-fuera-ar`)).visitorCount).toBe(1);

    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: bearer(leaving.accessToken),
      payload: { password: leaving.password },
    });
    expect(res.statusCode).toBe(204);
    expect(cityOf(await api.get(`${word}-casa-ar`))).toMatchObject({ residentCount: 1, visitorCount: 0 });
    expect(cityOf(await api.get(`${word}-fuera-ar`))).toMatchObject({ residentCount: 1, visitorCount: 0 });
    expect(idsOf(await api.residents(`${word}-casa-ar`))).not.toContain(leaving.user.id);
    expect(idsOf(await api.visitors(`${word}-fuera-ar`))).toEqual([]);
  });
});
