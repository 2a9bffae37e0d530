import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CITY_QUERY_MAX_LENGTH } from '../../../contract/cities.ts';
import { LIVES_HERE_MESSAGE } from './cities.service.ts';
import {
  citiesOf,
  cityOf,
  createDancer,
  createResidents,
  detailPaths,
  errorOf,
  uniqueWord,
  useCitiesApp,
} from './cities.testing.ts';

const { t, api } = useCitiesApp();

const CITY_FIELDS = ['country', 'name', 'residentCount', 'slug', 'viewer', 'visitorCount'];

async function followRows(slug: string): Promise<number> {
  const [row] = await t.database.rows<{ n: number }>(
    sql`select count(*)::int as n from city_follows f join cities c on c.id = f.city_id where c.slug = ${slug}`,
  );
  return row?.n ?? -1;
}

describe('GET /api/v1/cities', () => {
  it('lists cities in name order, a page at a time, with their counts', async () => {
    const word = uniqueWord();
    // Created out of name order, one without a country; "b" twice, in two countries.
    await createResidents(t, `${word} c`, 'AR', 1);
    await createResidents(t, `${word} a`, 'UY', 2);
    await createResidents(t, `${word} b`, 'AR', 1);
    await createResidents(t, `${word} b`, null, 1);
    const visitor = await createDancer(t);
    expect((await api.follow(`${word}-a-uy`, visitor.token)).statusCode).toBe(200);

    const first = await api.list(`?q=${word}&limit=3`);
    expect(first.statusCode).toBe(200);
    const page1 = citiesOf(first);
    expect(page1.data.map((c) => c.slug)).toEqual([`${word}-a-uy`, `${word}-b`, `${word}-b-ar`]);
    expect(page1.data[0]).toEqual({
      slug: `${word}-a-uy`,
      name: `${word} a`,
      country: 'UY',
      residentCount: 2,
      visitorCount: 1,
      viewer: null,
    });
    expect(Object.keys(page1.data[1] ?? {}).sort()).toEqual(CITY_FIELDS);
    expect(page1.meta.hasMore).toBe(true);
    expect(page1.meta.nextCursor).toEqual(expect.any(String));

    const second = citiesOf(await api.list(`?q=${word}&limit=3&cursor=${page1.meta.nextCursor ?? ''}`));
    expect(second.data.map((c) => c.slug)).toEqual([`${word}-c-ar`]);
    expect(second.meta).toEqual({ nextCursor: null, hasMore: false });
  });

  it('matches q against the start of the name, ignoring case, accents and extra spaces', async () => {
    const word = uniqueWord();
    await createResidents(t, `São ${word} del Sur`, 'BR', 1);
    for (const q of [`sao ${word}`, `SÃO  ${word.toUpperCase()} DEL`, `  são ${word.slice(0, 4)}`]) {
      const res = await api.list(`?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(
        citiesOf(res).data.map((c) => c.name),
        q,
      ).toEqual([`São ${word} del Sur`]);
    }
    expect(citiesOf(await api.list(`?q=${encodeURIComponent(`sur ${word}`)}`)).data).toEqual([]);
  });

  it('pages through every city without q', async () => {
    const seen = new Set<string>();
    let cursor = '';
    for (let i = 0; i < 100; i++) {
      const page = citiesOf(await api.list(`?limit=7${cursor ? `&cursor=${cursor}` : ''}`));
      for (const city of page.data) {
        expect(seen.has(city.slug), city.slug).toBe(false);
        seen.add(city.slug);
      }
      if (!page.meta.nextCursor) break;
      cursor = page.meta.nextCursor;
    }
    const [row] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from cities`);
    expect(seen.size).toBe(row?.n);
  });

  it('tells a signed-in dancer where they live and what they follow', async () => {
    const word = uniqueWord();
    const [local] = await createResidents(t, `${word} home`, 'AR', 1);
    await createResidents(t, `${word} away`, 'AR', 1);
    if (!local) throw new Error('setup');
    await api.follow(`${word}-away-ar`, local.token);
    const page = citiesOf(await api.list(`?q=${word}`, local.token));
    expect(page.data.map((c) => [c.slug, c.viewer])).toEqual([
      [`${word}-away-ar`, { resident: false, following: true }],
      [`${word}-home-ar`, { resident: true, following: false }],
    ]);
  });

  it('still lists a city once nobody lives in it or follows it', async () => {
    const word = uniqueWord();
    const [only] = await createResidents(t, `${word} Vieja`, 'CL', 1);
    if (!only) throw new Error('setup');
    expect((await api.moveTo(only.token, 'Santiago')).statusCode).toBe(200);
    const page = citiesOf(await api.list(`?q=${word}`));
    expect(page.data).toEqual([
      {
        slug: `${word}-vieja-cl`,
        name: `${word} Vieja`,
        country: 'CL',
        residentCount: 0,
        visitorCount: 0,
        viewer: null,
      },
    ]);
  });

  it.each([
    ['an empty q', '?q=', 'query.q'],
    ['a q of spaces', '?q=%20%20', 'query.q'],
    ['a q too long', `?q=${'a'.repeat(CITY_QUERY_MAX_LENGTH + 1)}`, 'query.q'],
    ['a limit of 0', '?limit=0', 'query.limit'],
    ['a limit over 100', '?limit=101', 'query.limit'],
    ['a limit that is no number', '?limit=many', 'query.limit'],
    ['a malformed cursor', '?cursor=not*a*cursor', 'query.cursor'],
    [
      'a cursor of no city',
      `?cursor=${Buffer.from('no-such-city-anywhere').toString('base64url')}`,
      'query.cursor',
    ],
    [
      'a cursor that is no slug',
      `?cursor=${Buffer.from('Not A Slug').toString('base64url')}`,
      'query.cursor',
    ],
  ])('answers 400 VALIDATION_FAILED for %s', async (_label, query, path) => {
    const res = await api.list(query);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual([path]);
  });

  it('refuses a bad bearer token with 401, though it needs none', async () => {
    const res = await api.list('', 'not-a-token');
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });
});

describe('GET /api/v1/cities/:slug', () => {
  it('answers a city by its slug, with the viewer null for anonymous callers', async () => {
    const word = uniqueWord();
    const [ana] = await createResidents(t, `${word} Norte`, 'UY', 2);
    if (!ana) throw new Error('setup');
    const anonymous = await api.get(`${word}-norte-uy`);
    expect(anonymous.statusCode).toBe(200);
    expect(cityOf(anonymous)).toEqual({
      slug: `${word}-norte-uy`,
      name: `${word} Norte`,
      country: 'UY',
      residentCount: 2,
      visitorCount: 0,
      viewer: null,
    });
    expect(cityOf(await api.get(`${word}-norte-uy`, ana.token)).viewer).toEqual({
      resident: true,
      following: false,
    });
    const stranger = await createDancer(t);
    expect(cityOf(await api.get(`${word}-norte-uy`, stranger.token)).viewer).toEqual({
      resident: false,
      following: false,
    });
  });

  it('answers a name with the city of that name that has the most residents', async () => {
    const word = uniqueWord();
    await createResidents(t, `San ${word}`, 'CL', 1);
    await createResidents(t, `San ${word}`, 'AR', 3);
    await createResidents(t, `San ${word}`, null, 2);
    for (const name of [`San ${word}`, `  SÁN   ${word.toUpperCase()} `]) {
      const res = await api.get(name);
      expect(res.statusCode, name).toBe(200);
      expect(cityOf(res), name).toMatchObject({ slug: `san-${word}-ar`, residentCount: 3 });
    }
    // A slug is matched exactly, before any name.
    expect(cityOf(await api.get(`san-${word}`))).toMatchObject({ country: null, residentCount: 2 });
  });

  it('answers 404 NOT_FOUND when no slug or name matches', async () => {
    const res = await api.get(`${uniqueWord()}-nowhere`);
    expect(res.statusCode).toBe(404);
    expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: 'City not found.' });
    expect((await api.get('Ciudad Que No Existe')).statusCode).toBe(404);
  });

  it('answers 400 VALIDATION_FAILED for a slug of spaces or one too long', async () => {
    const blank = await api.get('  ');
    expect(blank.statusCode).toBe(400);
    expect(errorOf(blank).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(blank)).toEqual(['params.slug']);
    // Longer than any slug or name: refused before routing, like every over-long path parameter.
    const long = await api.get('a'.repeat(CITY_QUERY_MAX_LENGTH + 1));
    expect(long.statusCode).toBe(400);
    expect(errorOf(long).code).toBe('VALIDATION_FAILED');
  });
});

describe('PUT /api/v1/cities/:slug/follow', () => {
  it('follows a city as a visitor and answers it with the new counts', async () => {
    const word = uniqueWord();
    await createResidents(t, `${word} Este`, 'AR', 2);
    const visitor = await createDancer(t, { city: `${word} Oeste`, country: 'AR' });
    const res = await api.follow(`${word}-este-ar`, visitor.token);
    expect(res.statusCode).toBe(200);
    expect(cityOf(res)).toEqual({
      slug: `${word}-este-ar`,
      name: `${word} Este`,
      country: 'AR',
      residentCount: 2,
      visitorCount: 1,
      viewer: { resident: false, following: true },
    });
  });

  it('is idempotent: following again adds no second row and no second count', async () => {
    const word = uniqueWord();
    await createResidents(t, `${word} Sur`, 'AR', 1);
    const visitor = await createDancer(t);
    for (let i = 0; i < 3; i++) {
      const res = await api.follow(`${word}-sur-ar`, visitor.token);
      expect(res.statusCode).toBe(200);
      expect(cityOf(res).visitorCount).toBe(1);
    }
    expect(await followRows(`${word}-sur-ar`)).toBe(1);
  });

  it('answers 409 CONFLICT to a resident following their own city', async () => {
    const word = uniqueWord();
    const [local] = await createResidents(t, `${word} Centro`, 'AR', 1);
    if (!local) throw new Error('setup');
    const res = await api.follow(`${word}-centro-ar`, local.token);
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', message: LIVES_HERE_MESSAGE });
    expect(await followRows(`${word}-centro-ar`)).toBe(0);
  });

  it('answers 401 without a token, 404 for an unknown slug or a name, 400 for a blank slug', async () => {
    const word = uniqueWord();
    await createResidents(t, `${word} Alto`, 'AR', 1);
    const anonymous = await api.follow(`${word}-alto-ar`);
    expect(anonymous.statusCode).toBe(401);
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    const visitor = await createDancer(t);
    const unknown = await api.follow(`${word}-bajo-ar`, visitor.token);
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND', message: 'City not found.' });
    // Writes take the slug only.
    expect((await api.follow(`${word} Alto`, visitor.token)).statusCode).toBe(404);
    const blank = await api.follow(' ', visitor.token);
    expect(blank.statusCode).toBe(400);
    expect(detailPaths(blank)).toEqual(['params.slug']);
    expect(await followRows(`${word}-alto-ar`)).toBe(0);
  });
});

describe('DELETE /api/v1/cities/:slug/follow', () => {
  it('unfollows, idempotently, and answers the city with the new counts', async () => {
    const word = uniqueWord();
    await createResidents(t, `${word} Bajo`, 'AR', 1);
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    await api.follow(`${word}-bajo-ar`, ana.token);
    await api.follow(`${word}-bajo-ar`, bruno.token);
    for (let i = 0; i < 2; i++) {
      const res = await api.unfollow(`${word}-bajo-ar`, ana.token);
      expect(res.statusCode).toBe(200);
      expect(cityOf(res)).toMatchObject({ visitorCount: 1, viewer: { resident: false, following: false } });
    }
    // Only the caller's own follow goes: Bruno still follows it.
    expect(cityOf(await api.get(`${word}-bajo-ar`, bruno.token)).viewer).toEqual({
      resident: false,
      following: true,
    });
  });

  it('is no error for a resident, who follows nothing', async () => {
    const word = uniqueWord();
    const [local] = await createResidents(t, `${word} Llano`, 'AR', 1);
    if (!local) throw new Error('setup');
    const res = await api.unfollow(`${word}-llano-ar`, local.token);
    expect(res.statusCode).toBe(200);
    expect(cityOf(res)).toMatchObject({ residentCount: 1, visitorCount: 0, viewer: { resident: true } });
  });

  it('answers 401 without a token and 404 for an unknown city', async () => {
    const word = uniqueWord();
    await createResidents(t, `${word} Loma`, 'AR', 1);
    expect((await api.unfollow(`${word}-loma-ar`)).statusCode).toBe(401);
    const visitor = await createDancer(t);
    const unknown = await api.unfollow(`${word}-valle-ar`, visitor.token);
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).code).toBe('NOT_FOUND');
  });
});
