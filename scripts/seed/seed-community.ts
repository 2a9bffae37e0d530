import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '../../src/server/db/client.ts';
import { rebuildHomeTimelines } from '../../src/server/modules/memories/home-rebuild.repo.ts';
import { HOME_TIMELINE_CAP } from '../../src/server/modules/relations/home-timelines.repo.ts';
import {
  writeCredentials,
  writeFollows,
  writeFriendships,
  writeRequestsBlocksMutes,
  writeUsers,
} from './community-rows.ts';
import { inWriteOrder, MemoryGenerator, memoryBuffers, planMemories } from './memories.ts';
import { silentProgress, type Progress } from './progress.ts';
import { generateSocialGraph } from './social.ts';
import { DAY_MS, generateUsers } from './users.ts';
import { Writer } from './writer.ts';

/** Memories generated between two writes: their comments, reactions… go in the same round. */
const MEMORY_BATCH = 1000;

export interface SeedOptions {
  users: number;
  /** Default: 25 per user. */
  memories?: number;
  seed: string;
  /**
   * The moment the community's history ends. Default: the start of the current UTC day, so the
   * same seed gives the same rows all day long and recent-looking feeds every day.
   */
  now?: Date;
  /** Add to a database that already has users (a second community beside the first). */
  append?: boolean;
  /** When set, every seeded user can log in with the password this hash was made from. */
  passwordHash?: string;
  progress?: Progress;
}

export interface PhaseTiming {
  phase: string;
  ms: number;
}

export interface SeedSummary {
  seed: string;
  now: Date;
  users: number;
  memories: number;
  /** Rows written, per table. */
  rows: Record<string, number>;
  phases: PhaseTiming[];
  totalMs: number;
}

export class SeedRefusedError extends Error {
  constructor(readonly existingUsers: number) {
    super(
      `The database already has ${existingUsers} user(s); refusing to seed into it. ` +
        'Pass --append to add a second community next to them, or point --database-url at an empty database.',
    );
    this.name = 'SeedRefusedError';
  }
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/**
 * Seeds a tango community: users, follows, friendships, requests, blocks, mutes, memories with
 * tags, mentions, reactions, bookmarks, comments and likes, all counters consistent with the rows.
 * Everything is written in one transaction: a failed or interrupted seed leaves nothing behind.
 */
export async function seedCommunity(database: DatabaseHandle, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const progress = opts.progress ?? silentProgress;
  const now = (opts.now ?? startOfUtcDay(new Date())).getTime();
  const memoryCount = opts.memories ?? opts.users * 25;
  const phases: PhaseTiming[] = [];
  let phaseStart = performance.now();
  const endPhase = (phase: string) => {
    progress.done();
    phases.push({ phase, ms: performance.now() - phaseStart });
    phaseStart = performance.now();
  };

  const [{ count: existing } = { count: 0 }] = await database.rows<{ count: number }>(
    sql`select count(*)::int as count from users`,
  );
  if (existing > 0 && !opts.append) throw new SeedRefusedError(existing);
  // Appending with the same seed twice must not produce the same ids again.
  const seed = existing > 0 ? `${opts.seed}+${existing}` : opts.seed;
  const taken = new Set<string>();
  if (existing > 0) {
    const rows = await database.rows<{ username: string }>(
      sql`select lower(username) as username from users`,
    );
    for (const r of rows) taken.add(r.username);
  }

  progress.start('social graph', opts.users);
  const users = generateUsers(opts.users, seed, now, taken);
  const graph = generateSocialGraph(users, seed);
  progress.advance(opts.users);
  endPhase('social graph (in memory)');

  let rows: Record<string, number> = {};
  await database.db.transaction(async (tx) => {
    // Every reference is built by the seed itself, so the per-row foreign-key triggers (half the
    // insert time) are skipped for this transaction where the role may (as pg_restore
    // --disable-triggers does). The test checks the references afterwards.
    const [role] = await queryRows(tx, sql`select current_setting('is_superuser') = 'on' as is_superuser`);
    if (role?.is_superuser === true) await tx.execute(sql`set local session_replication_role = replica`);
    const writer = new Writer(tx);
    progress.start('users', users.length);
    await writeUsers(writer, users, graph, progress);
    if (opts.passwordHash) await writeCredentials(writer, users, opts.passwordHash);
    await writer.flush();
    endPhase('users');

    progress.start('follows', graph.following.edgeCount);
    await writeFollows(writer, users, graph, seed, now, progress);
    await writer.flush();
    endPhase('follows');

    progress.start('friends, blocks', graph.friendPairs.length);
    await writeFriendships(writer, users, graph, seed, now);
    progress.advance(graph.friendPairs.length);
    await writeRequestsBlocksMutes(writer, users, graph, seed, now);
    await writer.flush();
    endPhase('friendships, requests, blocks, mutes');

    progress.start('memories', memoryCount);
    const plan = planMemories(users, memoryCount, seed, now);
    const generator = new MemoryGenerator(users, graph, seed, now);
    const buffers = memoryBuffers();
    for (let start = 0; start < memoryCount; start += MEMORY_BATCH) {
      const end = Math.min(memoryCount, start + MEMORY_BATCH);
      for (let i = start; i < end; i++) generator.add(buffers, plan.author[i] ?? 0, plan.at[i] ?? now);
      for (const buffer of inWriteOrder(buffers)) await writer.write(buffer);
      progress.advance(end - start);
    }
    await writer.flush();
    endPhase('memories, tags, mentions, reactions, comments');

    progress.start('home timelines', users.length);
    await rebuildHomeTimelines(tx, HOME_TIMELINE_CAP);
    progress.advance(users.length);
    endPhase('home timelines');
    rows = Object.fromEntries(writer.rowsByTable);
  });

  return {
    seed,
    now: new Date(now),
    users: users.length,
    memories: memoryCount,
    rows,
    phases,
    totalMs: performance.now() - started,
  };
}
