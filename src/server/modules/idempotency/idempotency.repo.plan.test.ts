import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import { insertPlanUsers } from '../../../../test/helpers/plan-data.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { deleteKeysCreatedBeforeQuery } from './idempotency.repo.ts';
import { KEY_LIFETIME_MS } from './idempotency.service.ts';

// A busy day: 5,000 dancers each sending 20 keyed creates, spread over the last 25 hours, so the
// hourly purge finds about one hour of keys past their lifetime.
const USERS = 5_000;
const KEYS_PER_USER = 20;

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await insertPlanUsers(db, 'plan_idem_', USERS);
  await db.execute(sql`
    insert into idempotency_keys (user_id, key, request_hash, status_code, response_body, created_at, completed_at)
    select u.id, gen_random_uuid()::text, md5(random()::text), 201, '{"data":{}}'::jsonb,
           now() - random() * interval '25 hours', now()
    from users u cross join generate_series(1, ${KEYS_PER_USER}::int)`);
  await db.execute(sql`analyze idempotency_keys`);
}, 180_000);
afterAll(() => database.close());

describe('idempotency keys at 100,000 rows', () => {
  it('purges expired keys through idempotency_keys_created_at_idx', async () => {
    const cutoff = new Date(Date.now() - KEY_LIFETIME_MS);
    const plan = await explain(database.db, deleteKeysCreatedBeforeQuery(database.db, cutoff));
    expectIndexScan(plan, { indexes: ['idempotency_keys_created_at_idx'], noSeqScan: ['idempotency_keys'] });
  });
});
