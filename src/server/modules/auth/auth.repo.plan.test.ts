import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { findUserByLoginQuery, listLiveSessions, lockRefreshTokenQuery } from './auth.repo.ts';
import { insertPlanUsers } from '../../../../test/helpers/plan-data.ts';

// Realistic size for a large community: 20,000 accounts with two devices each.
const USERS = 20_000;

let database: DatabaseHandle;
let someUserId = '';

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await insertPlanUsers(db, 'plan_user_', USERS);
  await db.execute(sql`
    insert into sessions (id, user_id, device, expires_at, created_at)
    select gen_random_uuid(), u.id, 'Device ' || d, now() + interval '30 days', u.created_at + (d || ' seconds')::interval
    from users u cross join generate_series(1, 2) as d`);
  await db.execute(sql`
    insert into refresh_tokens (id, session_id, token_hash, expires_at)
    select gen_random_uuid(), s.id, md5(s.id::text) || md5(random()::text), now() + interval '30 days'
    from sessions s`);
  await db.execute(sql`analyze users`);
  await db.execute(sql`analyze sessions`);
  await db.execute(sql`analyze refresh_tokens`);
  const rows = await database.rows<{ id: string }>(
    sql`select id from users where username = 'plan_user_777'`,
  );
  someUserId = rows[0]?.id ?? '';
}, 180_000);
afterAll(() => database.close());

describe('auth hot queries at 20,000 users', () => {
  it('finds a login by username through users_username_key', async () => {
    const plan = await explain(database.db, findUserByLoginQuery(database.db, 'PLAN_USER_123'));
    expectIndexScan(plan, { indexes: ['users_username_key'], noSeqScan: ['users'] });
  });

  it('finds a login by email through users_email_key', async () => {
    const plan = await explain(database.db, findUserByLoginQuery(database.db, 'Plan_User_123@example.test'));
    expectIndexScan(plan, { indexes: ['users_email_key'], noSeqScan: ['users'] });
  });

  it('locks a refresh token through refresh_tokens_token_hash_key', async () => {
    const plan = await explain(database.db, lockRefreshTokenQuery(database.db, 'a'.repeat(64)));
    expectIndexScan(plan, {
      indexes: ['refresh_tokens_token_hash_key'],
      noSeqScan: ['refresh_tokens', 'sessions'],
    });
  });

  it("lists a user's sessions through sessions_user_id_created_at_idx", async () => {
    const plan = await explain(
      database.db,
      listLiveSessions(database.db, someUserId, new Date(), undefined, 20),
    );
    // A user has a handful of sessions: the planner may sort those few rows, but never scan the table.
    expectIndexScan(plan, { indexes: ['sessions_user_id_created_at_idx'], noSeqScan: ['sessions'] });
  });
});
