import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import { insertPlanUsers } from '../../../../test/helpers/plan-data.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { listUsersQuery } from '../users/users.repo.ts';
import { findCityByNameQuery, listCitiesQuery, listVisitorsQuery } from './cities.repo.ts';

// A large community: 30,000 dancers in 3,000 cities, one of which (plan city 0) is home to 5,000 of
// them and followed by 5,000 visitors; every dancer follows one other city, and some block others.
const USERS = 30_000;
const CITIES = 3_000;
const BIG = 5_000;

let database: DatabaseHandle;
const ids = { big: '', small: '', viewer: '' };

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction(async (db) => {
    // Loading only: skip the foreign-key triggers, the data is consistent by construction. (The
    // users' city trigger still fires, and finds no city on these rows.)
    await db.execute(sql`set local session_replication_role = replica`);
    await insertPlanUsers(db, 'plan_user_', USERS, 0);
    await db.execute(sql`
      insert into cities (id, slug, name, country, key, created_at)
      select gen_random_uuid(), 'plan-city-' || g || '-ar', 'Plan City ' || g, 'AR', 'plan city ' || g,
             now() - (g || ' minutes')::interval
      from generate_series(0, ${CITIES - 1}::int) as g`);
    const numberedUsers = sql`(select id, substring(username from 11)::int as i from users)`;
    const numberedCities = sql`(select id, substring(key from 11)::int as i from cities)`;
    // Written as city_id directly: the trigger only runs when city or country change.
    await db.execute(sql`
      update users u set city_id = c.id
      from ${numberedUsers} n join ${numberedCities} c
        on c.i = case when n.i < ${BIG} then 0 else n.i % ${CITIES} end
      where u.id = n.id`);
    await db.execute(sql`
      insert into city_follows (city_id, user_id, created_at)
      select c.id, n.id, now() - (n.i || ' seconds')::interval
      from ${numberedUsers} n join ${numberedCities} c
        on c.i = case when n.i >= ${BIG} and n.i < ${2 * BIG} then 0 else 1 + (n.i * 7) % (${CITIES} - 1) end`);
    await db.execute(sql`
      insert into blocks (blocker_id, blocked_id)
      select a.id, b.id from ${numberedUsers} a join ${numberedUsers} b on b.i = (a.i + 7) % ${USERS}
      where a.i % 4 = 0`);
  });
  for (const table of ['users', 'cities', 'city_follows', 'blocks']) {
    await database.db.execute(sql`analyze ${sql.identifier(table)}`);
  }
  const one = async (query: ReturnType<typeof sql>) =>
    (await database.rows<{ id: string }>(query))[0]?.id ?? '';
  ids.big = await one(sql`select id from cities where slug = 'plan-city-0-ar'`);
  ids.small = await one(sql`select id from cities where slug = 'plan-city-1234-ar'`);
  ids.viewer = await one(sql`select id from users where username = 'plan_user_4242'`);
}, 300_000);
afterAll(() => database.close());

const cursor = { createdAt: new Date(Date.now() - 3_600_000), id: '00000000-0000-7000-8000-000000000000' };
const COUNT_INDEXES = ['users_city_id_created_at_id_idx'];

describe(`city queries at ${USERS.toLocaleString('en')} dancers in ${CITIES.toLocaleString('en')} cities`, () => {
  it.each([
    ['a city of 5,000 residents', 'big'],
    ['a city of 10', 'small'],
  ] as const)('pages the residents of %s through users_city_id_created_at_id_idx', async (_label, which) => {
    for (const viewerId of [null, ids.viewer]) {
      for (const c of [undefined, cursor]) {
        const query = listUsersQuery(database.db, { cityId: ids[which], viewerId, cursor: c, limit: 20 });
        const plan = await explain(database.db, query);
        expectIndexScan(plan, {
          indexes: ['users_city_id_created_at_id_idx'],
          noSeqScan: ['users', 'blocks'],
        });
        // A few residents may as well be fetched and sorted; a large city must be read in order.
        if (which === 'big') expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
      }
    }
    const rows = await listUsersQuery(database.db, { cityId: ids[which], viewerId: ids.viewer, limit: 20 });
    expect(rows.length).toBeGreaterThan(0);
  });

  it('pages the 5,000 visitors of a city through city_follows_city_created_idx', async () => {
    for (const viewerId of [null, ids.viewer]) {
      for (const c of [undefined, cursor]) {
        const query = listVisitorsQuery(database.db, { cityId: ids.big, viewerId, cursor: c, limit: 20 });
        const plan = await explain(database.db, query);
        expectIndexScan(plan, {
          indexes: ['city_follows_city_created_idx'],
          noSeqScan: ['city_follows', 'users', 'blocks'],
        });
        expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
      }
    }
  });

  it.each([
    ['a prefix', { prefix: 'Plan City 12' }],
    ['a one-letter prefix', { prefix: 'p' }],
    [
      'a prefix and a cursor',
      { prefix: 'plan', after: { key: 'plan city 1500', slug: 'plan-city-1500-ar' } },
    ],
    ['no prefix', {}],
    ['no prefix and a cursor', { after: { key: 'plan city 2000', slug: 'plan-city-2000-ar' } }],
  ])(
    'lists cities by %s through cities_key_prefix_idx, in order, counting per row by index',
    async (_l, f) => {
      for (const viewerId of [null, ids.viewer]) {
        const query = listCitiesQuery(database.db, { ...f, viewerId, limit: 20 });
        const plan = await explain(database.db, query);
        expectIndexScan(plan, {
          indexes: ['cities_key_prefix_idx', ...COUNT_INDEXES],
          oneOf: ['city_follows_pkey', 'city_follows_city_created_idx'],
          noSeqScan: ['cities', 'users', 'city_follows'],
        });
        expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
      }
      const rows = await listCitiesQuery(database.db, { ...f, viewerId: ids.viewer, limit: 20 });
      expect(rows).toHaveLength(21);
    },
  );

  it('finds a city by name through cities_key_country_key', async () => {
    const query = findCityByNameQuery(database.db, 'PLAN  city 0', ids.viewer);
    const plan = await explain(database.db, query);
    expectIndexScan(plan, {
      indexes: ['cities_key_country_key', ...COUNT_INDEXES],
      noSeqScan: ['cities', 'users', 'city_follows'],
    });
    const [row] = await query;
    expect(row).toMatchObject({ slug: 'plan-city-0-ar', visitorCount: BIG });
    expect(row?.residentCount).toBeGreaterThanOrEqual(BIG);
  });
});
