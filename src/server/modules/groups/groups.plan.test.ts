import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import { insertPlanUsers, numberedPlanUsers } from '../../../../test/helpers/plan-data.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { listMembersQuery, listRequestsQuery } from './group-members.repo.ts';
import { listGroupsQuery, listMyGroupsQuery } from './groups.repo.ts';

// A large community: 20,000 dancers in 6,000 groups across 500 cities, one of which (plan city 0)
// has 1,000 groups; every dancer belongs to about five groups, group 0 has 5,000 members (with
// admins and moderators), group 1 has 3,000 pending requests, 2,000 dancers are banned from a
// thousand groups, and some dancers block others.
const USERS = 20_000;
const GROUPS = 6_000;
const CITIES = 500;
const BIG = 5_000;

let database: DatabaseHandle;
const ids = { bigCity: '', smallCity: '', big: '', asked: '', viewer: '' };

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction(async (db) => {
    // Loading only: skip the foreign-key triggers, the data is consistent by construction. (The
    // member-count triggers still fire, once per statement.)
    await db.execute(sql`set local session_replication_role = replica`);
    await insertPlanUsers(db, 'plan_user_', USERS, 0);
    await db.execute(sql`
      insert into cities (id, slug, name, country, key)
      select gen_random_uuid(), 'plan-city-' || c || '-ar', 'Plan City ' || c, 'AR', 'plan city ' || c
      from generate_series(0, ${CITIES - 1}::int) as c`);
    const numberedCities = sql`(select id, substring(key from 11)::int as i from cities)`;
    // Groups 0-999 in city 0, every fifth of the rest in no city, the others spread over the cities.
    await db.execute(sql`
      insert into groups (id, name, visibility, city_id, created_at)
      select gen_random_uuid(), 'Plan Group ' || g, case when g % 3 = 0 then 'private' else 'public' end,
             (select c.id from ${numberedCities} c
              where c.i = case when g < 1000 then 0 else g % ${CITIES} end and g % 5 <> 4),
             now() - (g || ' minutes')::interval
      from generate_series(0, ${GROUPS - 1}::int) as g`);
    const numberedGroups = sql`(select id, substring(name from 12)::int as i from groups)`;
    await db.execute(sql`
      insert into group_members (group_id, user_id, role, joined_at)
      select g.id, u.id, 'owner', now() - interval '1 year'
      from ${numberedGroups} g join ${numberedPlanUsers} u on u.i = g.i`);
    await db.execute(sql`
      insert into group_members (group_id, user_id, role, joined_at)
      select g.id, u.id, case when u.i < 20 then 'admin' when u.i < 60 then 'moderator' else 'member' end,
             now() - (u.i || ' seconds')::interval
      from ${numberedPlanUsers} u join ${numberedGroups} g on g.i = 0
      where u.i between 1 and ${BIG - 1}
      on conflict do nothing`);
    await db.execute(sql`
      insert into group_members (group_id, user_id, role, joined_at)
      select g.id, u.id, 'member', now() - ((u.i * 5 + k) || ' seconds')::interval
      from ${numberedPlanUsers} u cross join generate_series(1, 5) as k
      join ${numberedGroups} g on g.i = 2 + (u.i * 7 + k * 1201) % (${GROUPS} - 2)
      on conflict do nothing`);
    await db.execute(sql`
      insert into group_requests (group_id, user_id, created_at)
      select g.id, u.id, now() - (u.i || ' seconds')::interval
      from ${numberedPlanUsers} u join ${numberedGroups} g on g.i = 1
      where u.i between 10000 and 12999
      on conflict do nothing`);
    await db.execute(sql`
      insert into group_bans (group_id, user_id, created_at)
      select g.id, u.id, now() - (u.i || ' seconds')::interval
      from ${numberedPlanUsers} u join ${numberedGroups} g on g.i = 3 + u.i % 1000
      where u.i between 13000 and 14999
      on conflict do nothing`);
    await db.execute(sql`
      insert into blocks (blocker_id, blocked_id)
      select a.id, b.id from ${numberedPlanUsers} a join ${numberedPlanUsers} b on b.i = (a.i + 7) % ${USERS}
      where a.i % 4 = 0`);
  });
  for (const table of [
    'users',
    'cities',
    'groups',
    'group_members',
    'group_requests',
    'group_bans',
    'blocks',
  ]) {
    await database.db.execute(sql`analyze ${sql.identifier(table)}`);
  }
  const one = async (query: ReturnType<typeof sql>) =>
    (await database.rows<{ id: string }>(query))[0]?.id ?? '';
  ids.bigCity = await one(sql`select id from cities where slug = 'plan-city-0-ar'`);
  ids.smallCity = await one(sql`select id from cities where slug = 'plan-city-123-ar'`);
  ids.big = await one(sql`select id from groups where name = 'Plan Group 0'`);
  ids.asked = await one(sql`select id from groups where name = 'Plan Group 1'`);
  ids.viewer = await one(sql`select id from users where username = 'plan_user_4242'`);
}, 300_000);
afterAll(() => database.close());

// The viewer's standing in each listed group is one index probe of each of group_members,
// group_requests and group_bans (the planner picks the primary key or the user index): no table of
// them may be read whole.
const NO_SEQ_SCAN = ['groups', 'group_members', 'group_requests', 'group_bans', 'cities', 'users', 'blocks'];

describe(`group queries at ${USERS.toLocaleString('en')} dancers in ${GROUPS.toLocaleString('en')} groups`, () => {
  it.each([
    ['a city of 1,000 groups', 'bigCity'],
    ['a city of 10', 'smallCity'],
  ] as const)('lists %s in name order through groups_city_key_idx', async (_label, which) => {
    for (const viewerId of [null, ids.viewer]) {
      for (const after of [
        undefined,
        { key: 'plan group 500', id: '00000000-0000-7000-8000-000000000000' },
      ]) {
        const query = listGroupsQuery(database.db, { cityId: ids[which], after, viewerId, limit: 20 });
        const plan = await explain(database.db, query);
        expectIndexScan(plan, {
          indexes: ['groups_city_key_idx'],
          noSeqScan: NO_SEQ_SCAN,
        });
        if (which === 'bigCity') expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
      }
    }
    const rows = await listGroupsQuery(database.db, { cityId: ids[which], viewerId: ids.viewer, limit: 20 });
    expect(rows.length).toBeGreaterThan(0);
  });

  it.each([
    ['a prefix', { prefix: 'Plan Group 12' }],
    ['a one-letter prefix', { prefix: 'p' }],
    [
      'a prefix and a cursor',
      { prefix: 'plan', after: { key: 'plan group 3000', id: '00000000-0000-7000-8000-000000000000' } },
    ],
    ['no prefix', {}],
  ])('lists groups by %s through groups_key_idx, in order', async (_label, f) => {
    for (const viewerId of [null, ids.viewer]) {
      const query = listGroupsQuery(database.db, { ...f, viewerId, limit: 20 });
      const plan = await explain(database.db, query);
      expectIndexScan(plan, {
        indexes: ['groups_key_idx'],
        noSeqScan: NO_SEQ_SCAN,
      });
      expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
    }
    expect(await listGroupsQuery(database.db, { ...f, viewerId: ids.viewer, limit: 20 })).toHaveLength(21);
  });

  it('pages the 5,000 members of a group through group_members_list_idx, in order', async () => {
    const after = {
      rank: 3,
      joinedAt: new Date(Date.now() - 3_600_000),
      userId: '00000000-0000-7000-8000-000000000000',
    };
    for (const viewerId of [null, ids.viewer]) {
      for (const a of [undefined, after]) {
        const query = listMembersQuery(database.db, { groupId: ids.big, viewerId, after: a, limit: 20 });
        const plan = await explain(database.db, query);
        expectIndexScan(plan, { indexes: ['group_members_list_idx', 'users_pkey'], noSeqScan: NO_SEQ_SCAN });
        expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
      }
    }
    const rows = await listMembersQuery(database.db, { groupId: ids.big, viewerId: ids.viewer, limit: 20 });
    expect(rows.map((r) => r.role).slice(0, 3)).toEqual(['owner', 'admin', 'admin']);
  });

  it("reads a dancer's groups through group_members_user_idx", async () => {
    for (const after of [undefined, { key: 'plan group 1', id: '00000000-0000-7000-8000-000000000000' }]) {
      const query = listMyGroupsQuery(database.db, { userId: ids.viewer, after, limit: 20 });
      const plan = await explain(database.db, query);
      expectIndexScan(plan, {
        indexes: ['group_members_user_idx', 'groups_pkey'],
        noSeqScan: NO_SEQ_SCAN,
      });
    }
    const rows = await listMyGroupsQuery(database.db, { userId: ids.viewer, limit: 20 });
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });

  it('pages the 3,000 requests to join a group through group_requests_group_created_idx', async () => {
    const cursor = {
      createdAt: new Date(Date.now() - 3_600_000),
      id: '00000000-0000-7000-8000-000000000000',
    };
    for (const c of [undefined, cursor]) {
      const query = listRequestsQuery(database.db, {
        groupId: ids.asked,
        viewerId: ids.viewer,
        cursor: c,
        limit: 20,
      });
      const plan = await explain(database.db, query);
      expectIndexScan(plan, { indexes: ['group_requests_group_created_idx'], noSeqScan: NO_SEQ_SCAN });
      expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
    }
  });

  it('keeps member_count right through bulk loads', async () => {
    const rows = await database.rows<{ n: number }>(sql`
      select count(*)::int as n from groups g
      where g.member_count <> (select count(*) from group_members m where m.group_id = g.id)`);
    expect(rows[0]?.n).toBe(0);
    const [big] = await database.rows<{ n: number }>(
      sql`select member_count as n from groups where id = ${ids.big}::uuid`,
    );
    expect(big?.n).toBeGreaterThanOrEqual(BIG);
  });
});
