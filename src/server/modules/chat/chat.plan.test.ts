import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import { expectIndexScan, explain } from '../../../../test/helpers/explain.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { listConversationsQuery } from './conversations.repo.ts';
import { raiseDeliveredStatement } from './marks.repo.ts';
import { listMembersQuery } from './members.repo.ts';
import { listChangedMessagesQuery, listMessagesQuery } from './messages.repo.ts';
import { blockInGroupStatement, listReachQuery } from './reach.repo.ts';
import { sendStatement } from './send.repo.ts';
import {
  countHiddenUnreadStatement,
  listLastVisibleMessagesQuery,
  listRecipientIdsQuery,
} from './visible.repo.ts';
import { insertPlanUsers } from '../../../../test/helpers/plan-data.ts';

// A busy community: 2,000 dancers, 20,000 conversations (15,000 direct, 5,000 groups of 6),
// 200,000 messages, one conversation with 10,000 of them; one message in 20 edited or deleted;
// 20,000 follows, 4,000 friendships and 10,000 blocks.
const USERS = 2_000;
const DIRECT = 15_000;
const GROUPS = 5_000;
const MESSAGES = 190_000;
const HOT = 10_000;

let database: DatabaseHandle;
let hotId = '';
let viewerId = '';
let hot = { lastSeq: 0, lastChangeSeq: 0 };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await insertPlanUsers(db, 'plan_chat_', USERS);
  await db.execute(sql`
    insert into conversations (id, kind, name, direct_key, created_at)
    select gen_random_uuid(), case when g <= ${DIRECT} then 'direct' else 'group' end,
           case when g <= ${DIRECT} then null else 'Grupo ' || g end,
           case when g <= ${DIRECT} then 'plan:' || g end,
           now() - (g || ' minutes')::interval
    from generate_series(1, ${DIRECT + GROUPS}) as g`);
  // Members: 2 per direct, 6 per group, spread over the users.
  await db.execute(sql`
    with u as (select array_agg(id order by id) as ids from users),
         c as (select id, kind, row_number() over (order by id) as n from conversations)
    insert into conversation_members (conversation_id, user_id, role)
    select c.id, u.ids[1 + ((c.n * 7 + k * 331) % ${USERS})], case when k = 0 then 'admin' else 'member' end
    from c, u, generate_series(0, 5) as k
    where k < case when c.kind = 'direct' then 2 else 6 end
    on conflict do nothing`);
  // Each message from one of the first two members of its conversation, in turn (as numbered above).
  await db.execute(sql`
    with c as (select array_agg(id order by id) as ids from conversations),
         u as (select array_agg(id order by id) as ids from users)
    insert into messages (id, conversation_id, sender_id, seq, body, client_message_id, created_at)
    select gen_random_uuid(), c.ids[1 + g % ${DIRECT + GROUPS}],
           u.ids[1 + (((1 + g % ${DIRECT + GROUPS}) * 7 + ((g / ${DIRECT + GROUPS}) % 2) * 331) % ${USERS})],
           1 + g / ${DIRECT + GROUPS}, 'Mensaje ' || g, 'm' || g, now() - (g || ' seconds')::interval
    from generate_series(0, ${MESSAGES - 1}) as g, c, u`);
  const [hotRow] = await database.rows<{ id: string }>(sql`select id from conversations order by id limit 1`);
  hotId = hotRow?.id ?? '';
  await db.execute(sql`
    insert into messages (id, conversation_id, sender_id, seq, body, client_message_id, created_at)
    select gen_random_uuid(), ${hotId}::uuid, (select user_id from conversation_members limit 1), 100 + g, 'Hot ' || g, 'h' || g, now()
    from generate_series(1, ${HOT}) as g`);
  await db.execute(sql`update messages set change_seq = seq, edited_at = now() where seq % 20 = 7`);
  await db.execute(sql`
    update conversations c set last_seq = m.last_seq, last_change_seq = coalesce(m.last_change_seq, 0),
           last_message_at = m.at
    from (select conversation_id, max(seq) as last_seq, max(change_seq) as last_change_seq, max(created_at) as at
          from messages group by 1) m
    where m.conversation_id = c.id`);
  const [viewer] = await database.rows<{ user_id: string }>(sql`
    select user_id from conversation_members group by user_id order by count(*) desc limit 1`);
  viewerId = viewer?.user_id ?? '';
  // Relations around: 10 follows, 2 friendships and 5 blocks per dancer (blocks as many as in a
  // community ten times the size, so that one dancer's are a sliver of the table); the viewer also
  // blocks 20 dancers, is blocked by 20, and blocks the one who wrote the busiest conversation.
  await db.execute(sql`
    with u as (select array_agg(id order by id) as ids from users)
    insert into follows (follower_id, followee_id)
    select a, b
    from (select u.ids[1 + g % ${USERS}] as a, u.ids[1 + (g * 37 + 1 + g / ${USERS}) % ${USERS}] as b
          from u, generate_series(0, ${USERS * 10 - 1}) as g) p
    where a <> b
    on conflict do nothing`);
  await db.execute(sql`
    with u as (select array_agg(id order by id) as ids from users)
    insert into friendships (user_low_id, user_high_id)
    select least(a, b), greatest(a, b)
    from (select u.ids[1 + g % ${USERS}] as a, u.ids[1 + (g * 53 + 1 + g / ${USERS}) % ${USERS}] as b
          from u, generate_series(0, ${USERS * 2 - 1}) as g) p
    where a <> b
    on conflict do nothing`);
  await db.execute(sql`
    with u as (select array_agg(id order by id) as ids from users)
    insert into blocks (blocker_id, blocked_id)
    select u.ids[1 + g], u.ids[1 + (g + k) % ${USERS}]
    from u, generate_series(0, ${USERS - 1}) as g, unnest(array[7, 131, 263, 389, 521]) as k
    on conflict do nothing`);
  await db.execute(sql`
    insert into blocks (blocker_id, blocked_id)
    select ${viewerId}::uuid, id from users where id <> ${viewerId}::uuid order by id limit 20
    on conflict do nothing`);
  await db.execute(sql`
    insert into blocks (blocker_id, blocked_id)
    select id, ${viewerId}::uuid from users where id <> ${viewerId}::uuid order by id desc limit 20
    on conflict do nothing`);
  await db.execute(sql`
    insert into blocks (blocker_id, blocked_id)
    select ${viewerId}::uuid, m.sender_id from messages m
    where m.conversation_id = ${hotId}::uuid and m.sender_id <> ${viewerId}::uuid limit 1
    on conflict do nothing`);
  for (const table of [
    'users',
    'conversations',
    'conversation_members',
    'messages',
    'follows',
    'friendships',
    'blocks',
  ]) {
    await db.execute(sql.raw(`analyze ${table}`));
  }
  const [counters] = await database.rows<{ last_seq: string; last_change_seq: string }>(
    sql`select last_seq, last_change_seq from conversations where id = ${hotId}`,
  );
  hot = { lastSeq: Number(counters?.last_seq), lastChangeSeq: Number(counters?.last_change_seq) };
}, 180_000);
afterAll(() => database.close());

describe('chat queries at 200,000 messages', () => {
  it('pages history through messages_conversation_seq_key, both ways, leaving out block partners by index', async () => {
    for (const f of [
      { conversationId: hotId, viewerId, limit: 50 },
      { conversationId: hotId, viewerId, beforeSeq: 5_000, limit: 50 },
      { conversationId: hotId, viewerId, afterSeq: 5_000, limit: 50 },
    ]) {
      expectIndexScan(await explain(database.db, listMessagesQuery(database.db, f)), {
        indexes: ['messages_conversation_seq_key', 'blocks_blocked_idx'],
        noSeqScan: ['messages', 'blocks'],
      });
    }
  });

  it('finds messages changed since a sync watermark through messages_conversation_change_seq_key', async () => {
    const upToChangeSeq = hot.lastChangeSeq;
    for (const f of [
      // Away for a while, holding everything.
      { afterChangeSeq: upToChangeSeq - 200, upToSeq: hot.lastSeq },
      // Away for long, holding only the older half.
      { afterChangeSeq: 0, upToSeq: 5_000 },
    ]) {
      const query = listChangedMessagesQuery(database.db, {
        conversationId: hotId,
        viewerId,
        upToChangeSeq,
        limit: 500,
        ...f,
      });
      expectIndexScan(await explain(database.db, query), {
        indexes: ['messages_conversation_change_seq_key'],
        noSeqScan: ['messages', 'blocks'],
      });
    }
  });

  it('sends in one statement through indexes only', async () => {
    const [direct] = await database.rows<{ id: string; user_id: string }>(sql`
      select c.id, m.user_id from conversations c join conversation_members m on m.conversation_id = c.id
      where c.kind = 'direct' limit 1`);
    for (const [conversationId, senderId] of [
      [hotId, viewerId],
      [direct?.id ?? '', direct?.user_id ?? ''],
    ] as const) {
      const statement = sendStatement(
        { conversationId, senderId, clientMessageId: 'plan-send', body: 'Hola', at: new Date() },
        randomUUID(),
      );
      expectIndexScan(await explain(database.db, statement), {
        // The planner may fairly pick among exact indexes (the retry lookup: messages_client_id_key or
        // messages_sender_idx; the members: any index led by conversation_id); none may scan a table.
        indexes: ['conversations_pkey'],
        noSeqScan: ['messages', 'conversation_members', 'conversations', 'blocks'],
      });
    }
  });

  it('raises a batch of delivery marks by primary keys, reading only the newly covered messages', async () => {
    // Everyone has confirmed something already: the stored marks are read and updated by key.
    await database.db.execute(sql`
      insert into conversation_deliveries (conversation_id, user_id, delivered_seq)
      select conversation_id, user_id, 1 from conversation_members on conflict do nothing`);
    await database.db.execute(sql`analyze conversation_deliveries`);
    const members = await database.rows<{ conversation_id: string; user_id: string }>(sql`
      select conversation_id, user_id from conversation_members order by conversation_id, user_id limit 500`);
    const statement = raiseDeliveredStatement(
      members.map((m) => ({ conversationId: m.conversation_id, userId: m.user_id, seq: 3 })),
    );
    expectIndexScan(await explain(database.db, statement), {
      indexes: ['conversations_pkey', 'conversation_deliveries_pkey', 'messages_conversation_seq_key'],
      // The membership lookup may take either exact index on (conversation_id, user_id).
      oneOf: ['conversation_members_pkey', 'conversation_members_user_idx'],
      noSeqScan: ['messages', 'conversation_members', 'conversations', 'conversation_deliveries', 'blocks'],
    });
  });

  it('pages the members of a full group (500) through conversation_members_joined_idx', async () => {
    const [big] = await database.rows<{ id: string }>(sql`
      insert into conversations (id, kind, name) values (gen_random_uuid(), 'group', 'Encuentro') returning id`);
    const bigId = big?.id ?? '';
    await database.db.execute(sql`
      insert into conversation_members (conversation_id, user_id, created_at)
      select ${bigId}::uuid, id, now() - (row_number() over (order by id) || ' seconds')::interval
      from users order by id limit 500`);
    await database.db.execute(sql`analyze conversation_members`);
    const cursor = { createdAt: new Date(Date.now() - 250_000), id: '00000000-0000-7000-8000-000000000000' };
    for (const f of [
      { conversationId: bigId, cursor: undefined, limit: 20 },
      { conversationId: bigId, cursor, limit: 20 },
    ]) {
      expectIndexScan(await explain(database.db, listMembersQuery(database.db, f)), {
        indexes: ['conversation_members_joined_idx'],
        noSeqScan: ['conversation_members', 'users', 'conversation_deliveries'],
      });
    }
  });

  it("lists a dancer's conversations from conversation_members_user_idx", async () => {
    const cursor = { createdAt: new Date(), id: '00000000-0000-7000-8000-000000000000' };
    for (const f of [
      { userId: viewerId, limit: 20 },
      { userId: viewerId, cursor, limit: 20 },
    ]) {
      expectIndexScan(await explain(database.db, listConversationsQuery(database.db, f)), {
        indexes: ['conversation_members_user_idx'],
        noSeqScan: ['conversation_members', 'conversations'],
      });
    }
  });

  it('reads how the dancers added stand towards the one adding them by index', async () => {
    // A direct conversation, and a group started with a handful.
    for (const limit of [1, 6]) {
      const ids = (
        await database.rows<{ id: string }>(sql`select id from users order by id limit ${limit}`)
      ).map((r) => r.id);
      expectIndexScan(await explain(database.db, listReachQuery(database.db, viewerId, ids)), {
        // Friendships by either of their two exact indexes.
        indexes: ['users_pkey'],
        oneOf: ['friendships_pkey', 'friendships_high_low_idx'],
        noSeqScan: ['users', 'blocks', 'follows', 'friendships'],
      });
    }
  });

  it('looks for a block between newcomers and a full group from both sides of blocks by index', async () => {
    const ids = (await database.rows<{ id: string }>(sql`select id from users order by id limit 510`)).map(
      (r) => r.id,
    );
    const statement = blockInGroupStatement(ids.slice(0, 10), ids);
    expectIndexScan(await explain(database.db, statement), {
      // Any index led by blocker_id or blocked_id serves; none may scan the table.
      oneOf: ['blocks_pkey', 'blocks_blocker_created_idx', 'blocks_blocked_idx'],
      noSeqScan: ['blocks'],
    });
  });

  describe("the viewer's conversation list, with block partners among the senders", () => {
    const viewerConversations = async () =>
      (
        await database.rows<{ conversation_id: string }>(sql`
          select conversation_id from conversation_members where user_id = ${viewerId}::uuid limit 19`)
      ).map((r) => r.conversation_id);

    it('finds the last message each may see by a backward scan of messages_conversation_seq_key', async () => {
      const ids = [hotId, ...(await viewerConversations())];
      expectIndexScan(await explain(database.db, listLastVisibleMessagesQuery(database.db, viewerId, ids)), {
        indexes: ['messages_conversation_seq_key', 'messages_pkey', 'blocks_blocked_idx'],
        noSeqScan: ['messages', 'blocks'],
      });
    });

    it("counts the partners' unread messages by (conversation, sender), not by scanning the unread", async () => {
      const marks = [hotId, ...(await viewerConversations())].map((conversationId) => ({
        conversationId,
        readSeq: 0,
      }));
      expectIndexScan(await explain(database.db, countHiddenUnreadStatement(viewerId, marks)), {
        indexes: ['messages_client_id_key', 'blocks_blocked_idx'],
        noSeqScan: ['messages', 'blocks'],
      });
    });

    it("pushes an edit to the members outside the sender's blocks by index", async () => {
      expectIndexScan(await explain(database.db, listRecipientIdsQuery(database.db, hotId, viewerId)), {
        oneOf: ['conversation_members_pkey', 'conversation_members_joined_idx'],
        indexes: ['blocks_blocked_idx'],
        noSeqScan: ['conversation_members', 'blocks'],
      });
    });
  });
});
