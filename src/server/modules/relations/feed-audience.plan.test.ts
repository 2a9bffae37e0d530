import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import { insertPlanGraph, insertPlanUsers, numberedPlanUsers } from '../../../../test/helpers/plan-data.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { feedAudienceQuery, listFeedAudience } from './feed-audience.repo.ts';
import { FEED_AUDIENCE_MAX } from './relations.service.ts';

// Who hears of a new memory (feed:new), read once per memory shared: at 20,000 dancers who each follow
// 10 others and have ~5 friends, and one star followed by 8,000, with mutes and blocks all over.
const USERS = 20_000;

let database: DatabaseHandle;
const ids = { star: '', typical: '' };

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction(async (db) => {
    await db.execute(sql`set local session_replication_role = replica`);
    await insertPlanUsers(db, 'plan_user_', USERS, 0);
    await insertPlanGraph(db, { users: USERS, starFollowers: 8000 });
    const numbered = numberedPlanUsers;
    // Among the star's followers every 50th mutes the star and every 70th is blocked by them.
    await db.execute(sql`
      insert into mutes (muter_id, muted_id)
      select a.id, b.id from ${numbered} a join ${numbered} b on b.i = 0
      where a.i between 1 and 8000 and a.i % 50 = 0
      on conflict do nothing`);
    await db.execute(sql`
      insert into blocks (blocker_id, blocked_id)
      select b.id, a.id from ${numbered} a join ${numbered} b on b.i = 0
      where a.i between 1 and 8000 and a.i % 70 = 0
      on conflict do nothing`);
  });
  for (const table of ['users', 'follows', 'friendships', 'mutes', 'blocks']) {
    await database.db.execute(sql`analyze ${sql.identifier(table)}`);
  }
  const pick = async (n: number) =>
    (await database.rows<{ id: string }>(sql`select id from users where username = ${`plan_user_${n}`}`))[0]
      ?.id ?? '';
  ids.star = await pick(0);
  ids.typical = await pick(777);
}, 300_000);
afterAll(() => database.close());

describe('the feed:new audience', () => {
  it.each([
    ['a star (8,000 followers)', 'star'],
    ['a typical dancer', 'typical'],
  ] as const)('of %s reads followers and friends through their indexes', async (_label, who) => {
    for (const visibility of ['public', 'followers'] as const) {
      const plan = await explain(database.db, feedAudienceQuery(ids[who], visibility, FEED_AUDIENCE_MAX));
      expectIndexScan(plan, {
        indexes: ['follows_followee_created_idx', 'friendships_high_low_idx', 'mutes_muted_idx'],
        noSeqScan: ['follows', 'friendships', 'mutes', 'blocks'],
      });
    }
    const friendsOnly = await explain(database.db, feedAudienceQuery(ids[who], 'friends', FEED_AUDIENCE_MAX));
    expectIndexScan(friendsOnly, {
      indexes: ['friendships_high_low_idx', 'mutes_muted_idx'],
      noSeqScan: ['follows', 'friendships', 'mutes', 'blocks'],
    });
  });

  it('leaves out the star’s muters and those in a block with them, and stops at the bound', async () => {
    const star = sql`${ids.star}::uuid`;
    const expected = await database.rows<{ id: string }>(sql`
      (select follower_id as id from follows where followee_id = ${star}
       union select user_high_id from friendships where user_low_id = ${star}
       union select user_low_id from friendships where user_high_id = ${star})
      except select muter_id from mutes where muted_id = ${star}
      except select blocked_id from blocks where blocker_id = ${star}
      except select blocker_id from blocks where blocked_id = ${star}`);
    const all = await listFeedAudience(database.db, ids.star, 'followers', FEED_AUDIENCE_MAX);
    expect(expected.length).toBeGreaterThan(7000);
    expect(new Set(all)).toEqual(new Set(expected.map((r) => r.id)));
    expect(all).toHaveLength(expected.length);
    expect(await listFeedAudience(database.db, ids.star, 'public', 100)).toHaveLength(100);
  });
});
