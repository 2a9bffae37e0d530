import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../../../../test/helpers/auth.ts';
import { users } from '../../db/schema/index.ts';
import { cityOf, createDancer, slugOfUser, uniqueWord, useCitiesApp } from './cities.testing.ts';

// How dancers' free-text cities become communities: one per normalised name and country, with a
// slug made once. The database does it (migration 0014), so every way of writing a user is covered.

const { t, api } = useCitiesApp();

async function citiesNamed(key: string) {
  return t.database.rows<{ slug: string; name: string; country: string | null }>(
    sql`select slug, name, country from cities where key = ${key} order by slug`,
  );
}

describe('a city community', () => {
  it('is one city for a name written with other case and spaces', async () => {
    const word = uniqueWord();
    const a = await createDancer(t, { city: ` villa  ${word.toUpperCase()}  del   MAR `, country: 'AR' });
    const b = await createDancer(t, { city: `Villa ${word} del Mar`, country: 'AR' });
    expect(await slugOfUser(t, a.id)).toBe(`villa-${word}-del-mar-ar`);
    expect(await slugOfUser(t, b.id)).toBe(`villa-${word}-del-mar-ar`);
    // Named as the first dancer wrote it, spaces collapsed.
    expect(await citiesNamed(`villa ${word} del mar`)).toEqual([
      { slug: `villa-${word}-del-mar-ar`, name: `villa ${word.toUpperCase()} del MAR`, country: 'AR' },
    ]);
    expect(cityOf(await api.get(`villa-${word}-del-mar-ar`)).residentCount).toBe(2);
  });

  it('is one city for a name written with or without accents', async () => {
    const word = uniqueWord();
    const a = await createDancer(t, { city: `São ${word}`, country: 'BR' });
    const b = await createDancer(t, { city: `Sao ${word}`, country: 'BR' });
    const c = await createDancer(t, { city: `SÃO ${word}`, country: 'BR' });
    for (const dancer of [a, b, c]) expect(await slugOfUser(t, dancer.id)).toBe(`sao-${word}-br`);
    expect(cityOf(await api.get(`sao-${word}-br`))).toMatchObject({ name: `São ${word}`, residentCount: 3 });
  });

  it('is another city for the same name in another country, or with no country', async () => {
    const word = uniqueWord();
    const fr = await createDancer(t, { city: `Paris ${word}`, country: 'FR' });
    const us = await createDancer(t, { city: `Paris ${word}`, country: 'US' });
    const none = await createDancer(t, { city: `Paris ${word}`, country: null });
    const noneAgain = await createDancer(t, { city: `paris ${word}`, country: null });
    expect(await slugOfUser(t, fr.id)).toBe(`paris-${word}-fr`);
    expect(await slugOfUser(t, us.id)).toBe(`paris-${word}-us`);
    expect(await slugOfUser(t, none.id)).toBe(`paris-${word}`);
    expect(await slugOfUser(t, noneAgain.id)).toBe(`paris-${word}`);
    expect((await citiesNamed(`paris ${word}`)).map((c) => c.country)).toEqual([null, 'FR', 'US']);
  });

  it('gets "-2", "-3"… when another city has its slug', async () => {
    const word = uniqueWord();
    const first = await createDancer(t, { city: `Santa ${word}`, country: 'UY' });
    // Other names whose slug would be the same: "santa-<word>-uy".
    const second = await createDancer(t, { city: `Santa ${word} UY`, country: null });
    const third = await createDancer(t, { city: `Santa ${word} (UY)`, country: null });
    expect(await slugOfUser(t, first.id)).toBe(`santa-${word}-uy`);
    expect(await slugOfUser(t, second.id)).toBe(`santa-${word}-uy-2`);
    expect(await slugOfUser(t, third.id)).toBe(`santa-${word}-uy-3`);
  });

  it('keeps its slug and name when the dancer who first named it moves away', async () => {
    const word = uniqueWord();
    const first = await createDancer(t, { city: `PUERTO ${word.toUpperCase()}`, country: 'CL' });
    const slug = `puerto-${word}-cl`;
    expect(await slugOfUser(t, first.id)).toBe(slug);
    expect((await api.moveTo(first.token, 'Valparaíso', 'CL')).statusCode).toBe(200);
    const next = await createDancer(t, { city: `Puerto ${word}`, country: 'CL' });
    expect(await slugOfUser(t, next.id)).toBe(slug);
    expect(cityOf(await api.get(slug))).toMatchObject({
      name: `PUERTO ${word.toUpperCase()}`,
      residentCount: 1,
    });
    expect(await citiesNamed(`puerto ${word}`)).toHaveLength(1);
  });

  it('has a slug even when its name has no letter from a to z', async () => {
    const word = uniqueWord();
    const a = await createDancer(t, { city: `東京 ${word}`, country: 'JP' });
    const b = await createDancer(t, { city: '東京', country: 'JP' });
    expect(await slugOfUser(t, a.id)).toBe(`${word}-jp`);
    expect(await slugOfUser(t, b.id)).toMatch(/^city-jp(-\d+)?$/);
  });

  it('is made once when many dancers name it at the same moment', async () => {
    const word = uniqueWord();
    // Both spellings compete for the slug "arroyo-<word>-ar" as well as for their own city.
    const dancers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0
          ? createDancer(t, { city: `Arroyo ${word}`, country: 'AR' })
          : createDancer(t, { city: `Arroyo ${word} AR`, country: null }),
      ),
    );
    const slugs = await Promise.all(dancers.map((d) => slugOfUser(t, d.id)));
    expect(new Set(slugs)).toEqual(new Set([`arroyo-${word}-ar`, `arroyo-${word}-ar-2`]));
    expect(
      (await citiesNamed(`arroyo ${word}`)).length + (await citiesNamed(`arroyo ${word} ar`)).length,
    ).toBe(2);
  });
});

describe('every way of writing a dancer keeps their city', () => {
  it('registration', async () => {
    const word = uniqueWord();
    const dancer = await registerUser(t.app, { city: `Mar ${word}`, country: 'AR' });
    expect(await slugOfUser(t, dancer.user.id)).toBe(`mar-${word}-ar`);
    expect(cityOf(await api.get(`mar-${word}-ar`, dancer.accessToken)).viewer).toEqual({
      resident: true,
      following: false,
    });
  });

  it('an update of the row from anywhere, and a bulk insert', async () => {
    const word = uniqueWord();
    const dancer = await createDancer(t);
    expect(await slugOfUser(t, dancer.id)).toBeNull();
    await t.database.db.execute(sql`update users set city = ${`Lago ${word}`} where id = ${dancer.id}`);
    expect(await slugOfUser(t, dancer.id)).toBe(`lago-${word}`);
    await t.database.db.execute(sql`update users set country = 'PE' where id = ${dancer.id}`);
    expect(await slugOfUser(t, dancer.id)).toBe(`lago-${word}-pe`);
    // Several rows in one statement, as the seed writes them, with the replication role it uses.
    const bulk = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      return tx
        .insert(users)
        .values(
          [1, 2, 3].map((i) => ({
            username: `bulk_${word}_${i}`,
            email: `bulk_${word}_${i}@example.test`,
            displayName: 'Bulk',
            city: `Lago ${word}`,
            country: 'PE',
          })),
        )
        .returning({ id: users.id });
    });
    for (const { id } of bulk) expect(await slugOfUser(t, id)).toBe(`lago-${word}-pe`);
    expect(cityOf(await api.get(`lago-${word}-pe`)).residentCount).toBe(4);
  });
});
