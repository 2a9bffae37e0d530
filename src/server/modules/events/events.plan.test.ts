import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import { insertPlanUsers, numberedPlanUsers } from '../../../../test/helpers/plan-data.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import {
  listMyOccurrencesQuery,
  listOccurrencesQuery,
  lockOccurrenceQuery,
  privateGroupIdsOf,
  privateGroupIdsOfQuery,
  recountOccurrenceQuery,
} from './events.repo.ts';
import {
  countGoingQuery,
  findRsvpQuery,
  listHeldOccurrenceIdsQuery,
  listRegistrations,
  listWaitlist,
  waitlistPositionQuery,
} from './rsvps.repo.ts';

// A busy tango world: 10,000 dancers in 3,000 groups (half of them private, five members each),
// 2,000 events in 200 cities (plan city 0 holds 100 of them), each a weekly series of 20 dates (40,000
// dates), every tenth in a group; each dancer has answered for 10 dates, and the first date of event 0
// has 2,000 registrations, half of them waiting.
const USERS = 10_000;
const CITIES = 200;
const GROUPS = 3_000;
const EVENTS = 2_000;
const WEEKS = 20;
const BIG = 2_000;

let database: DatabaseHandle;
const ids = { bigCity: '', smallCity: '', group: '', viewer: '', bigDate: '', anyUser: '' };

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction(async (db) => {
    // Loading only: skip the foreign-key triggers, the data is consistent by construction.
    await db.execute(sql`set local session_replication_role = replica`);
    await insertPlanUsers(db, 'plan_user_', USERS, 0);
    await db.execute(sql`
      insert into cities (id, slug, name, country, key)
      select gen_random_uuid(), 'plan-city-' || c || '-ar', 'Plan City ' || c, 'AR', 'plan city ' || c
      from generate_series(0, ${CITIES - 1}::int) as c`);
    await db.execute(sql`
      insert into groups (id, name, visibility)
      select gen_random_uuid(), 'Plan Group ' || g, case when g % 2 = 0 then 'private' else 'public' end
      from generate_series(0, ${GROUPS - 1}::int) as g`);
    const numberedCities = sql`(select id, substring(key from 11)::int as i from cities)`;
    const numberedGroups = sql`(select id, substring(name from 12)::int as i from groups)`;
    await db.execute(sql`
      insert into group_members (group_id, user_id, role)
      select g.id, u.id, case when k = 0 then 'owner' else 'member' end
      from ${numberedGroups} g cross join generate_series(0, 4) as k
      join ${numberedPlanUsers} u on u.i = (g.i + k * 2003) % ${USERS}`);
    await db.execute(sql`
      insert into events (id, organiser_id, type, title, time_zone, starts_local, ends_local, recurrence,
                          venue_name, city_id, group_id)
      select gen_random_uuid(), u.id, case when e % 3 = 0 then 'practica' else 'milonga' end,
             'Plan Event ' || e, 'America/Argentina/Buenos_Aires',
             date_trunc('day', now()) + ((e % 7) || ' days')::interval + interval '21 hours',
             date_trunc('day', now()) + ((e % 7) || ' days')::interval + interval '26 hours',
             'FREQ=WEEKLY', 'Salón ' || e,
             (select c.id from ${numberedCities} c where c.i = case when e < 100 then 0 else e % ${CITIES} end),
             case when e % 10 = 0 then (select g.id from ${numberedGroups} g where g.i = e % ${GROUPS}) end
      from generate_series(0, ${EVENTS - 1}::int) as e
      join ${numberedPlanUsers} u on u.i = e % ${USERS}`);
    await db.execute(sql`
      insert into event_occurrences (id, event_id, date, starts_at, ends_at, city_id, group_id, type)
      select gen_random_uuid(), e.id, (e.starts_local + (w || ' weeks')::interval)::date,
             (e.starts_local + (w || ' weeks')::interval) at time zone e.time_zone,
             (e.ends_local + (w || ' weeks')::interval) at time zone e.time_zone,
             e.city_id, e.group_id, e.type
      from events e cross join generate_series(0, ${WEEKS - 1}::int) as w
      -- A series' dates are written together, as creating it does: the table is not in time order.
      order by e.id, w`);
    const numberedDates = sql`(select id, (row_number() over (order by id))::int - 1 as i from event_occurrences)`;
    await db.execute(sql`
      insert into event_rsvps (occurrence_id, user_id, status, role)
      select distinct on (o.id, u.id) o.id, u.id,
             case k % 4 when 0 then 'interested' when 1 then 'waitlisted' else 'going' end,
             case when u.i % 2 = 0 then 'leader' else 'follower' end
      from ${numberedPlanUsers} u cross join generate_series(1, 10) as k
      join ${numberedDates} o on o.i = (u.i * 7 + k * 3989) % ${EVENTS * WEEKS}`);
    // The first date of event 0: 2,000 registrations in arrival order, the second thousand waiting.
    await db.execute(sql`
      insert into event_rsvps (occurrence_id, user_id, status, role, seq)
      select o.id, u.id, case when u.i < ${BIG / 2} then 'going' else 'waitlisted' end,
             case when u.i % 2 = 0 then 'leader' else 'follower' end, 1000000 + u.i
      from ${numberedPlanUsers} u
      join (select o.id from event_occurrences o join events e on e.id = o.event_id
            where e.title = 'Plan Event 0' order by o.starts_at limit 1) o on true
      where u.i < ${BIG}
      on conflict do nothing`);
  });
  // Statistics from every row, not a random sample, so each run plans alike.
  await database.db.transaction(async (db) => {
    await db.execute(sql`set local default_statistics_target = 1000`);
    for (const table of [
      'users',
      'cities',
      'groups',
      'group_members',
      'events',
      'event_occurrences',
      'event_rsvps',
    ])
      await db.execute(sql`analyze ${sql.identifier(table)}`);
  });
  const one = async (query: ReturnType<typeof sql>) =>
    (await database.rows<{ id: string }>(query))[0]?.id ?? '';
  ids.bigCity = await one(sql`select id from cities where slug = 'plan-city-0-ar'`);
  ids.smallCity = await one(sql`select id from cities where slug = 'plan-city-123-ar'`);
  ids.group = await one(sql`select id from groups where name = 'Plan Group 20'`);
  ids.viewer = await one(sql`select id from users where username = 'plan_user_4242'`);
  ids.anyUser = await one(sql`select id from users where username = 'plan_user_1500'`);
  ids.bigDate = await one(sql`
    select o.id from event_occurrences o join events e on e.id = o.event_id
    where e.title = 'Plan Event 0' order by o.starts_at limit 1`);
}, 300_000);
afterAll(() => database.close());

const NO_SEQ_SCAN = ['event_occurrences', 'event_rsvps', 'events', 'groups', 'group_members', 'users'];
const DAY = 86_400_000;
const window = () => ({ from: new Date(), to: new Date(Date.now() + 92 * DAY) });
const cursor = () => ({
  startsAt: new Date(Date.now() + 30 * DAY),
  id: '00000000-0000-7000-8000-000000000000',
});

describe(`event queries at ${EVENTS.toLocaleString('en')} events and ${(EVENTS * WEEKS).toLocaleString('en')} dates`, () => {
  it.each([
    ['a city of 100 events', 'bigCity'],
    ['a city of 8', 'smallCity'],
  ] as const)(
    "reads %s's calendar through event_occurrences_city_starts_idx, in order",
    async (_label, which) => {
      for (const viewerId of [null, ids.viewer])
        for (const after of [undefined, cursor()])
          for (const type of [undefined, 'milonga' as const]) {
            const query = listOccurrencesQuery(database.db, {
              viewerId,
              cityId: ids[which],
              type,
              ...window(),
              after,
              limit: 20,
            });
            const plan = await explain(database.db, query);
            expectIndexScan(plan, { indexes: ['event_occurrences_city_starts_idx'], noSeqScan: NO_SEQ_SCAN });
            if (which === 'bigCity') expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
          }
      const rows = await listOccurrencesQuery(database.db, {
        viewerId: ids.viewer,
        cityId: ids[which],
        ...window(),
        limit: 20,
      });
      expect(rows.length).toBeGreaterThan(0);
    },
  );

  it("finds a member's private groups through group_members_user_idx", async () => {
    const plan = await explain(database.db, privateGroupIdsOfQuery(database.db, ids.viewer));
    expectIndexScan(plan, { indexes: ['group_members_user_idx'], noSeqScan: NO_SEQ_SCAN });
    expect(await privateGroupIdsOf(database.db, ids.viewer)).not.toEqual([]);
  });

  it("reads a member's private groups' dates of a city through their groups' index", async () => {
    const groupIds = await privateGroupIdsOf(database.db, ids.viewer);
    for (const which of ['bigCity', 'smallCity'] as const) {
      const plan = await explain(
        database.db,
        listOccurrencesQuery(database.db, {
          viewerId: ids.viewer,
          groupIds,
          cityId: ids[which],
          ...window(),
          limit: 20,
        }),
      );
      expectIndexScan(plan, { indexes: ['event_occurrences_group_starts_idx'], noSeqScan: NO_SEQ_SCAN });
    }
  });

  it("reads one series' dates through event_occurrences_event_date_key", async () => {
    const [event] = await database.rows<{ id: string }>(sql`select id from events limit 1`);
    const plan = await explain(
      database.db,
      listOccurrencesQuery(database.db, {
        viewerId: ids.viewer,
        eventId: event?.id ?? '',
        ...window(),
        limit: 20,
      }),
    );
    expectIndexScan(plan, { indexes: ['event_occurrences_event_date_key'], noSeqScan: NO_SEQ_SCAN });
  });

  it("reads everyone's calendar through event_occurrences_starts_idx and a group's through its own", async () => {
    for (const viewerId of [null, ids.viewer]) {
      const all = await explain(
        database.db,
        listOccurrencesQuery(database.db, { viewerId, ...window(), limit: 20 }),
      );
      expectIndexScan(all, { indexes: ['event_occurrences_starts_idx'], noSeqScan: NO_SEQ_SCAN });
      expect(all.nodeTypes, JSON.stringify(all.json)).not.toContain('Sort');
      const group = await explain(
        database.db,
        listOccurrencesQuery(database.db, { viewerId, groupId: ids.group, ...window(), limit: 20 }),
      );
      expectIndexScan(group, { indexes: ['event_occurrences_group_starts_idx'], noSeqScan: NO_SEQ_SCAN });
    }
  });

  it("reads a dancer's dates through event_rsvps_user_idx", async () => {
    for (const after of [undefined, cursor()]) {
      const plan = await explain(
        database.db,
        listMyOccurrencesQuery(database.db, { userId: ids.viewer, from: new Date(), after, limit: 20 }),
      );
      expectIndexScan(plan, { indexes: ['event_rsvps_user_idx'], noSeqScan: NO_SEQ_SCAN });
    }
    const held = await explain(database.db, listHeldOccurrenceIdsQuery(database.db, ids.viewer));
    expectIndexScan(held, { indexes: ['event_rsvps_user_idx'], noSeqScan: NO_SEQ_SCAN });
  });

  it('answers an RSVP on a date of 2,000 registrations through its keys and event_rsvps_occurrence_status_idx', async () => {
    const db = database.db;
    expectIndexScan(await explain(db, lockOccurrenceQuery(db, ids.bigDate)), {
      indexes: ['event_occurrences_pkey'],
      noSeqScan: NO_SEQ_SCAN,
    });
    expectIndexScan(await explain(db, findRsvpQuery(db, ids.bigDate, ids.anyUser)), {
      indexes: ['event_rsvps_pkey'],
      noSeqScan: NO_SEQ_SCAN,
    });
    for (const query of [
      listWaitlist(db, ids.bigDate),
      countGoingQuery(db, ids.bigDate),
      waitlistPositionQuery(db, ids.bigDate, 'leader', 1_001_500),
    ])
      expectIndexScan(await explain(db, query), {
        indexes: ['event_rsvps_occurrence_status_idx'],
        noSeqScan: NO_SEQ_SCAN,
      });
    // Every registration of the date, in one pass: by either index that starts with its id.
    for (const query of [
      listRegistrations(db, ids.bigDate, ['going', 'waitlisted']),
      recountOccurrenceQuery(ids.bigDate),
    ])
      expectIndexScan(await explain(db, query), {
        oneOf: ['event_rsvps_occurrence_status_idx', 'event_rsvps_pkey'],
        noSeqScan: ['event_occurrences', 'event_rsvps', 'events'],
      });
    const [going] = await countGoingQuery(db, ids.bigDate);
    expect(going?.total).toBeGreaterThanOrEqual(BIG / 2);
  });
});
