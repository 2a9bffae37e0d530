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

/** The users of insertPlanUsers with prefix 'plan_user_', by number: (id, i). */
export const numberedPlanUsers = sql`(select id, substring(username from 11)::int as i from users)`;

/**
 * A community of `users` plan users numbered from 0 (insertPlanUsers 'plan_user_'): each follows 10
 * others and has about 5 friends; dancer 0 is a star followed by the first `starFollowers`; every 4th
 * dancer blocks one and mutes another. The offsets k * step (mod users) are distinct and never 0, so
 * there are no self-edges. Run inside a transaction with session_replication_role = replica.
 */
export async function insertPlanGraph(
  db: Executor,
  { users, starFollowers }: { users: number; starFollowers: number },
): Promise<void> {
  const numbered = numberedPlanUsers;
  await db.execute(sql`
    insert into follows (follower_id, followee_id, created_at)
    select a.id, b.id, now() - ((a.i * 10 + k) || ' seconds')::interval
    from ${numbered} a cross join generate_series(1, 10) as k
    join ${numbered} b on b.i = (a.i + k * 1999) % ${users}`);
  await db.execute(sql`
    insert into follows (follower_id, followee_id, created_at)
    select a.id, b.id, now() - (a.i || ' seconds')::interval
    from ${numbered} a join ${numbered} b on b.i = 0 where a.i between 1 and ${starFollowers}
    on conflict do nothing`);
  await db.execute(sql`
    insert into friendships (user_low_id, user_high_id, created_at)
    select distinct least(a.id, b.id), greatest(a.id, b.id), now() - ((a.i * 5 + k) || ' seconds')::interval
    from ${numbered} a cross join generate_series(1, 5) as k
    join ${numbered} b on b.i = (a.i + k * 3001) % ${users}
    on conflict do nothing`);
  for (const [table, from, to, step] of [
    ['blocks', 'blocker_id', 'blocked_id', 7],
    ['mutes', 'muter_id', 'muted_id', 11],
  ] as const) {
    await db.execute(sql`
      insert into ${sql.identifier(table)} (${sql.identifier(from)}, ${sql.identifier(to)})
      select a.id, b.id from ${numbered} a join ${numbered} b on b.i = (a.i + ${step}) % ${users}
      where a.i % 4 = 0`);
  }
}
