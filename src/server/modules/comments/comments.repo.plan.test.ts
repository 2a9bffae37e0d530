import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { listCommentsQuery } from './comments.repo.ts';
import { insertPlanUsers } from '../../../../test/helpers/plan-data.ts';

// A busy community: 2,000 dancers, 5,000 memories, 100,000 comments (a fifth of them replies),
// one memory with 3,000 comments, likes and blocks.
const USERS = 2_000;
const MEMORIES = 5_000;
const TOP_LEVEL = 80_000;
const REPLIES = 20_000;
const HOT = 3_000;

let database: DatabaseHandle;
let hotMemoryId = '';
let hotCommentId = '';
let busyMemoryId = '';
let viewerId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await insertPlanUsers(db, 'plan_c_', USERS);
  await db.execute(sql`
    with u as (select array_agg(id) as ids from users)
    insert into memories (id, author_id, body, visibility, created_at)
    select gen_random_uuid(), u.ids[1 + g % ${USERS}], 'Milonga ' || g, 'public', now() - (g || ' minutes')::interval
    from generate_series(1, ${MEMORIES}) as g, u`);
  await db.execute(sql`
    with u as (select array_agg(id) as ids from users), m as (select array_agg(id) as ids from memories)
    insert into comments (id, memory_id, author_id, body, created_at)
    select gen_random_uuid(), m.ids[1 + g % ${MEMORIES}], u.ids[1 + g % ${USERS}], 'Comment ' || g,
           now() - (g || ' seconds')::interval
    from generate_series(1, ${TOP_LEVEL}) as g, u, m`);
  const [hot] = await database.rows<{ id: string }>(
    sql`select id from memories order by created_at desc limit 1`,
  );
  hotMemoryId = hot?.id ?? '';
  await db.execute(sql`
    with u as (select array_agg(id) as ids from users)
    insert into comments (id, memory_id, author_id, body, created_at)
    select gen_random_uuid(), ${hotMemoryId}::uuid, u.ids[1 + g % ${USERS}], 'Hot ' || g, now() - (g || ' seconds')::interval
    from generate_series(1, ${HOT}) as g, u`);
  await db.execute(sql`
    insert into comments (id, memory_id, author_id, parent_id, body, created_at)
    select gen_random_uuid(), c.memory_id, c.author_id, c.id, 'Reply', c.created_at + interval '1 minute'
    from (select * from comments order by random() limit ${REPLIES}) as c`);
  await db.execute(sql`
    insert into comment_likes (comment_id, user_id)
    select c.id, u.id from (select id from comments order by random() limit 20000) as c
    cross join lateral (select id from users order by random() limit 1) as u
    on conflict do nothing`);
  await db.execute(sql`
    with u as (select array_agg(id) as ids from users)
    insert into blocks (blocker_id, blocked_id)
    select u.ids[g], u.ids[g + 1] from generate_series(1, ${USERS - 1}, 3) as g, u`);
  for (const table of ['users', 'memories', 'comments', 'comment_likes', 'blocks']) {
    await db.execute(sql.raw(`analyze ${table}`));
  }
  const [viewer] = await database.rows<{ id: string }>(
    sql`select id from users where username = 'plan_c_777'`,
  );
  viewerId = viewer?.id ?? '';
  const [busy] = await database.rows<{ id: string; memory_id: string }>(sql`
    select p.id, p.memory_id from comments p
    where p.id = (select parent_id from comments where parent_id is not null group by parent_id order by count(*) desc limit 1)`);
  hotCommentId = busy?.id ?? '';
  busyMemoryId = busy?.memory_id ?? '';
}, 180_000);
afterAll(() => database.close());

describe('the comment list at 100,000 comments', () => {
  const cursor = { createdAt: new Date(Date.now() - 3600_000), id: '00000000-0000-7000-8000-000000000000' };

  it('pages a memory’s top-level comments through comments_memory_created_idx', async () => {
    const base = { memoryId: hotMemoryId, parentId: null, limit: 20 };
    for (const f of [
      { ...base, viewerId: null },
      { ...base, viewerId },
      { ...base, viewerId, cursor },
    ]) {
      expectIndexScan(await explain(database.db, listCommentsQuery(database.db, f)), {
        indexes: ['comments_memory_created_idx'],
        noSeqScan: ['comments'],
      });
    }
  });

  it('narrows to one author through an index', async () => {
    const f = { memoryId: hotMemoryId, parentId: null, viewerId, authorUsername: 'plan_c_42', limit: 20 };
    // Either walk the memory's comments, or start from the author's few: both stay off a table scan.
    expectIndexScan(await explain(database.db, listCommentsQuery(database.db, f)), {
      oneOf: ['comments_memory_created_idx', 'comments_author_idx'],
      noSeqScan: ['comments'],
    });
  });

  it("pages one comment's replies through an index", async () => {
    const f = { memoryId: busyMemoryId, parentId: hotCommentId, viewerId, limit: 20 };
    expectIndexScan(await explain(database.db, listCommentsQuery(database.db, f)), {
      oneOf: ['comments_parent_created_idx', 'comments_memory_created_idx'],
      noSeqScan: ['comments'],
    });
  });
});
