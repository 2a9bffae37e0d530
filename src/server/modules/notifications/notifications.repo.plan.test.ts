import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { countUnreadQuery, listNotificationsQuery } from './notifications.repo.ts';
import { insertPlanUsers } from '../../../../test/helpers/plan-data.ts';

// A large community: 20,000 dancers with ten notifications each, a third of them unread, and
// a few thousand blocks.
const USERS = 20_000;
const PER_USER = 10;

let database: DatabaseHandle;
let someUserId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await insertPlanUsers(db, 'notif_plan_', USERS);
  // The rows are valid by construction; skipping the per-row foreign-key triggers halves the load time.
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`
      with u as (select id, row_number() over (order by id) as rn from users)
      insert into notifications (id, user_id, type, actor_id, actor_ids, actor_count, created_at, read_at)
      select gen_random_uuid(), u.id, 'follow', a.id, array[a.id], 1,
             now() - ((g * 5000 + u.rn) || ' seconds')::interval,
             case when g % 3 = 0 then null else now() end
      from u
      cross join generate_series(1, ${PER_USER}) as g
      join u a on a.rn = ((u.rn + g * 7) % ${USERS}) + 1
      order by u.id, g`);
  });
  await db.execute(sql`
    with u as (select id, row_number() over (order by id) as rn from users)
    insert into blocks (blocker_id, blocked_id)
    select u.id, b.id from u join u b on b.rn = u.rn + 1 where u.rn % 10 = 0`);
  for (const table of ['users', 'notifications', 'blocks']) await db.execute(sql.raw(`analyze ${table}`));
  const rows = await database.rows<{ id: string }>(
    sql`select id from users where username = 'notif_plan_777'`,
  );
  someUserId = rows[0]?.id ?? '';
}, 300_000);
afterAll(() => database.close());

describe(`notification queries at ${USERS * PER_USER} notifications`, () => {
  it('has the data it claims', async () => {
    const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from notifications`);
    expect(row?.n).toBe(USERS * PER_USER);
  });

  it('lists a page newest first through notifications_user_created_idx', async () => {
    const plan = await explain(
      database.db,
      listNotificationsQuery(database.db, { userId: someUserId, unreadOnly: false, limit: 20 }),
    );
    expectIndexScan(plan, { indexes: ['notifications_user_created_idx'], noSeqScan: ['notifications'] });
    expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
  });

  it('lists a later page through notifications_user_created_idx', async () => {
    const cursor = {
      createdAt: new Date(Date.now() - 3 * 5000 * 1000),
      id: '01900000-0000-7000-8000-000000000000',
    };
    const plan = await explain(
      database.db,
      listNotificationsQuery(database.db, { userId: someUserId, unreadOnly: false, cursor, limit: 20 }),
    );
    expectIndexScan(plan, { indexes: ['notifications_user_created_idx'], noSeqScan: ['notifications'] });
  });

  it('lists the unread ones through an index of the recipient', async () => {
    const plan = await explain(
      database.db,
      listNotificationsQuery(database.db, { userId: someUserId, unreadOnly: true, limit: 20 }),
    );
    expectIndexScan(plan, {
      oneOf: ['notifications_user_created_idx', 'notifications_user_unread_idx'],
      noSeqScan: ['notifications'],
    });
  });

  it('counts the unread ones through notifications_user_unread_idx', async () => {
    const plan = await explain(database.db, countUnreadQuery(database.db, someUserId));
    expectIndexScan(plan, { indexes: ['notifications_user_unread_idx'], noSeqScan: ['notifications'] });
  });
});
