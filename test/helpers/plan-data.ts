import { sql } from 'drizzle-orm';
import type { Executor } from '../../src/server/db/client.ts';

/**
 * Users for plan tests, in one statement: `<prefix><n>` for n = from … from + count - 1, each
 * created n minutes ago (so creation order is the reverse of n).
 */
export async function insertPlanUsers(db: Executor, prefix: string, count: number, from = 1): Promise<void> {
  await db.execute(sql`
    insert into users (id, username, email, display_name, created_at)
    select gen_random_uuid(), ${prefix}::text || g, ${prefix}::text || g || '@example.test', 'Plan ' || g,
           now() - (g || ' minutes')::interval
    from generate_series(${from}::int, ${from + count - 1}::int) as g`);
}
