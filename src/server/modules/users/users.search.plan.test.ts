import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SEARCH_MAX_RESULTS } from '../../../contract/rules.ts';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import { insertPlanUsers, numberedPlanUsers } from '../../../../test/helpers/plan-data.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { searchByNamePrefixQuery } from './users.repo.ts';

// The name-prefix search (mention autocomplete) at 50,000 members, with some blocks: a prefix is one
// range of users_username_prefix_idx or users_display_name_prefix_idx, read in order up to the limit,
// however many names share it (a one-letter prefix matches all of them here).
const USERS = 50_000;

let database: DatabaseHandle;
let viewerId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction(async (db) => {
    await db.execute(sql`set local session_replication_role = replica`);
    await insertPlanUsers(db, 'plan_user_', USERS, 0);
    const numbered = numberedPlanUsers;
    await db.execute(sql`
      insert into blocks (blocker_id, blocked_id)
      select a.id, b.id from ${numbered} a join ${numbered} b on b.i = (a.i + 7) % ${USERS}
      where a.i % 4 = 0`);
  });
  await database.db.execute(sql`analyze users`);
  await database.db.execute(sql`analyze blocks`);
  const [row] = await database.rows<{ id: string }>(
    sql`select id from users where username = 'plan_user_4242'`,
  );
  viewerId = row?.id ?? '';
}, 300_000);
afterAll(() => database.close());

describe(`name prefix search at ${USERS.toLocaleString('en')} members`, () => {
  it.each([
    ['username', 'plan_user_4242', 'users_username_prefix_idx'],
    ['username', 'P', 'users_username_prefix_idx'],
    ['displayName', 'plan 12', 'users_display_name_prefix_idx'],
    ['displayName', 'p', 'users_display_name_prefix_idx'],
  ] as const)('searches %s by "%s" through %s, in order, without a sort', async (field, prefix, index) => {
    const query = searchByNamePrefixQuery(database.db, {
      field,
      prefix,
      viewerId,
      limit: USER_SEARCH_MAX_RESULTS,
    });
    const plan = await explain(database.db, query);
    expectIndexScan(plan, { indexes: [index], noSeqScan: ['users', 'blocks'] });
    expect(plan.nodeTypes, JSON.stringify(plan.json)).not.toContain('Sort');
    const rows = await query;
    expect(rows).toHaveLength(USER_SEARCH_MAX_RESULTS);
  });
});
