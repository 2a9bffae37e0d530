import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/server/db/client.ts';
import { systemClock } from '../../src/server/lib/clock.ts';
import { createEventBus } from '../../src/server/lib/events.ts';
import { createAccessTokens } from '../../src/server/modules/auth/access-tokens.service.ts';
import { unlimitedSends } from '../../src/server/modules/chat/chat.allowance.ts';
import { createChatService } from '../../src/server/modules/chat/chat.service.ts';
import { seedUsers } from '../servers/seed.ts';
import { HISTORY } from './chat-load.ts';
import { log } from './log.ts';

// bench:chat's data, in the scratch database: the users with their access tokens, and the
// conversations of each size with their history.

/** Sockets (one per user) in the throughput scenarios: 250 pairs, or 10 groups of 50. */
export const PEERS = 500;
export const GROUP_SIZES = [2, 50] as const;
export type GroupSize = (typeof GROUP_SIZES)[number];

export interface Fixture {
  userIds: string[];
  tokens: string[];
  /** Conversation ids per group size, each with its members' indexes into userIds. */
  conversations: Record<number, { id: string; members: number[] }[]>;
}

/** Seeds enough users for `sockets` idle connections and PEERS senders, and their conversations. */
export async function prepareFixture(
  database: DatabaseHandle,
  sockets: number,
  secret: string,
): Promise<Fixture> {
  const users = Math.max(sockets, PEERS);
  log(`seeding ${users} users and the conversations…`);
  await seedUsers(database.db, users);
  // Strangers to each other: let them start conversations (the default accepts only people one follows).
  await database.db.execute(sql`update users set direct_messages = 'everyone'`);
  const userIds = (
    await database.rows<{ id: string }>(sql`select id from users order by username limit ${users}`)
  ).map((r) => r.id);
  const tokens = createAccessTokens(secret, systemClock);
  const signed: string[] = [];
  for (const userId of userIds) signed.push((await tokens.sign({ userId, sessionId: randomUUID() })).token);

  const chat = createChatService({
    db: database.db,
    events: createEventBus(),
    clock: systemClock,
    sends: unlimitedSends,
  });
  const conversations: Fixture['conversations'] = {};
  for (const size of GROUP_SIZES) {
    const list: { id: string; members: number[] }[] = [];
    for (let start = 0; start + size <= PEERS; start += size) {
      const members = Array.from({ length: size }, (_, k) => start + k);
      const [owner, ...others] = members.map((i) => userIds[i] ?? '');
      const conversation = await chat.createConversation(
        { userId: owner ?? '', sessionId: randomUUID() },
        size === 2
          ? { kind: 'direct', memberIds: [others[0] ?? ''] }
          : { kind: 'group', name: `Práctica ${start / size + 1}`, memberIds: others },
      );
      list.push({ id: conversation.id, members });
    }
    conversations[size] = list;
  }
  await seedHistory(
    database,
    Object.values(conversations).flatMap((list) => list.map((c) => c.id)),
  );
  return { userIds, tokens: signed, conversations };
}

/**
 * HISTORY earlier messages in every conversation, from its members in turn, all delivered and read:
 * the measured sends land on tables the size of a deployment in use, planned with statistics of
 * them (an empty messages table at ANALYZE time gets plans that scan it once it fills).
 */
async function seedHistory(database: DatabaseHandle, conversationIds: string[]): Promise<void> {
  const ids = sql`${sql.param(conversationIds)}::uuid[]`;
  await database.rows(sql`
    with members as (
      select conversation_id, user_id,
             row_number() over (partition by conversation_id order by user_id) - 1 as k,
             count(*) over (partition by conversation_id) as n
      from conversation_members where conversation_id = any(${ids})
    )
    insert into messages (id, conversation_id, sender_id, seq, body, client_message_id, created_at)
    select gen_random_uuid(), m.conversation_id, m.user_id, g, 'Historia ' || g, 'history-' || g,
           now() - make_interval(secs => ${HISTORY} - g)
    from generate_series(1, ${HISTORY}) as g
    join members m on m.k = g % m.n`);
  await database.rows(sql`
    update conversations set last_seq = ${HISTORY}, last_message_at = now() where id = any(${ids})`);
  await database.rows(sql`
    update conversation_members set read_seq = ${HISTORY} where conversation_id = any(${ids})`);
  await database.rows(sql`
    insert into conversation_deliveries (conversation_id, user_id, delivered_seq)
    select conversation_id, user_id, ${HISTORY} from conversation_members where conversation_id = any(${ids})`);
}
