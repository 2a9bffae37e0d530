import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { listPendingQuery } from './friend-requests.repo.ts';
import {
  listBlocksQuery,
  listFollowersQuery,
  listFollowingQuery,
  listFriendsQuery,
  listMutesQuery,
} from './relation-lists.repo.ts';
import { relationFlagsQuery } from './relations.repo.ts';
import { insertPlanGraph, insertPlanUsers, numberedPlanUsers } from '../../../../test/helpers/plan-data.ts';

// A large community: 20,000 dancers, each following 10 others (plus one star followed by 5,000),
// 5 friendships each on average, and some blocks, mutes and open friend requests.
const USERS = 20_000;

let database: DatabaseHandle;
const ids: Record<'star' | 'keen' | 'typical' | 'viewer', string> = {
  star: '',
  keen: '',
  typical: '',
  viewer: '',
};

beforeAll(async () => {
  database = await createTestDatabase();
  // One transaction, so the setting below holds on every statement whatever the driver's pool does.
  await database.db.transaction(async (db) => {
    // Loading only: skip the foreign-key triggers, the data is consistent by construction.
    await db.execute(sql`set local session_replication_role = replica`);
    await insertPlanUsers(db, 'plan_user_', USERS, 0);
    await insertPlanGraph(db, { users: USERS, starFollowers: 5000 });
    const numbered = numberedPlanUsers;
    // And one keen dancer who follows 3,000 others.
    await db.execute(sql`
    insert into follows (follower_id, followee_id, created_at)
    select a.id, b.id, now() - (b.i || ' seconds')::interval
    from ${numbered} a join ${numbered} b on b.i between 2 and 3001 where a.i = 1
    on conflict do nothing`);
    await db.execute(sql`
    insert into friend_requests (id, from_user_id, to_user_id, created_at)
    select gen_random_uuid(), a.id, b.id, now() - (a.i || ' seconds')::interval
    from ${numbered} a join ${numbered} b on b.i = (a.i + 13) % ${USERS}
    where a.i % 2 = 0`);
  });
  const db = database.db;
  for (const table of ['users', 'follows', 'friendships', 'blocks', 'mutes', 'friend_requests']) {
    await db.execute(sql`analyze ${sql.identifier(table)}`);
  }
  const pick = async (n: number) =>
    (await database.rows<{ id: string }>(sql`select id from users where username = ${`plan_user_${n}`}`))[0]
      ?.id ?? '';
  ids.star = await pick(0);
  ids.keen = await pick(1);
  ids.typical = await pick(777);
  ids.viewer = await pick(4242);
}, 300_000);
afterAll(() => database.close());

const cursor = { createdAt: new Date(Date.now() - 3_600_000), id: '00000000-0000-7000-8000-000000000000' };

describe('relation queries at 20,000 users and 200,000 follows', () => {
  it.each([
    ['a star with 5,000 followers', 'star'],
    ['a typical dancer', 'typical'],
  ] as const)('lists the followers of %s through follows_followee_created_idx', async (_label, who) => {
    for (const viewerId of [null, ids.viewer]) {
      for (const c of [undefined, cursor]) {
        const query = listFollowersQuery(database.db, { ownerId: ids[who], viewerId, cursor: c, limit: 20 });
        expectIndexScan(await explain(database.db, query), {
          indexes: ['follows_followee_created_idx'],
          noSeqScan: ['follows', 'users'],
        });
      }
    }
  });

  it('lists whom a keen dancer follows (3,000) through follows_follower_created_idx', async () => {
    for (const c of [undefined, cursor]) {
      const f = { ownerId: ids.keen, viewerId: ids.viewer, cursor: c, limit: 20 };
      const plan = await explain(database.db, listFollowingQuery(database.db, f));
      expectIndexScan(plan, { indexes: ['follows_follower_created_idx'], noSeqScan: ['follows', 'users'] });
    }
  });

  it('lists whom a typical dancer follows (10) through an index on follower_id', async () => {
    // With ten rows, the planner may as well take them from follows_pkey and sort them.
    const f = { ownerId: ids.typical, viewerId: ids.viewer, limit: 20 };
    const plan = await explain(database.db, listFollowingQuery(database.db, f));
    expectIndexScan(plan, {
      oneOf: ['follows_pkey', 'follows_follower_created_idx'],
      noSeqScan: ['follows', 'users'],
    });
  });

  it('lists friends through friendships_pkey and friendships_high_low_idx', async () => {
    for (const c of [undefined, cursor]) {
      const query = listFriendsQuery(database.db, {
        ownerId: ids.typical,
        viewerId: ids.viewer,
        cursor: c,
        limit: 20,
      });
      const plan = await explain(database.db, query);
      expectIndexScan(plan, {
        indexes: ['friendships_pkey', 'friendships_high_low_idx'],
        noSeqScan: ['friendships', 'users'],
      });
    }
  });

  it('lists my blocks, mutes and friend requests through their (owner, created_at) indexes', async () => {
    const f = { ownerId: ids.typical, limit: 20 };
    expectIndexScan(await explain(database.db, listBlocksQuery(database.db, f)), {
      indexes: ['blocks_blocker_created_idx'],
      noSeqScan: ['blocks', 'users'],
    });
    expectIndexScan(await explain(database.db, listMutesQuery(database.db, f)), {
      indexes: ['mutes_muter_created_idx'],
      noSeqScan: ['mutes', 'users'],
    });
    for (const direction of ['incoming', 'outgoing'] as const) {
      const query = listPendingQuery(database.db, { userId: ids.typical, direction, limit: 20 });
      const index =
        direction === 'incoming' ? 'friend_requests_to_pending_idx' : 'friend_requests_from_pending_idx';
      expectIndexScan(await explain(database.db, query), {
        indexes: [index],
        noSeqScan: ['friend_requests', 'users'],
      });
    }
  });

  it('reads the relationship between two dancers without scanning any table', async () => {
    const plan = await explain(database.db, relationFlagsQuery(database.db, ids.viewer, ids.typical));
    expect(plan.seqScanned, JSON.stringify(plan.json)).toEqual([]);
    // Each probe is a full-key lookup; the planner may take either index that covers the pair.
    expect(plan.indexes).toContain('friend_requests_pending_pair_key');
    expect(plan.indexes.length).toBeGreaterThanOrEqual(7);
  });
});
