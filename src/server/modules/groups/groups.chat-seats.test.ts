import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Group } from '../../../contract/groups.ts';
import { GROUP_MAX_MEMBERS } from '../../../contract/rules.ts';
import { migrationsFolder } from '../../db/client.ts';
import type { Actor } from '../../lib/authz.ts';
import { systemClock } from '../../lib/clock.ts';
import { createEventBus } from '../../lib/events.ts';
import { unlimitedSends } from '../chat/chat.allowance.ts';
import { createChatService } from '../chat/chat.service.ts';
import { findUserById } from '../users/users.repo.ts';
import { createGroupsService, type GroupsService } from './groups.service.ts';
import {
  addMember,
  createDancer,
  createDancers,
  createGroup,
  groupOf,
  useGroupsApp,
  type Dancer,
} from './groups.testing.ts';

// How many sit in a group's chat (group-chat.ts): the app seats GROUP_MAX_MEMBERS; this file builds
// the service with three seats to see a full chat, who waits and who takes a freed seat. Plus the
// seats under concurrent joins and leaves, and the migration that gave older groups their chat.

const { t, api } = useGroupsApp();
const SEATS = 3;
let groups: GroupsService;

beforeAll(() => {
  const db = t.database.db;
  groups = createGroupsService({
    db,
    events: createEventBus(),
    users: { findUser: (id) => findUserById(db, id) },
    notifications: { record: () => Promise.resolve() },
    chat: createChatService({ db, events: createEventBus(), clock: systemClock, sends: unlimitedSends }),
    chatSeats: SEATS,
  });
});

const actor = (d: Dancer): Actor => ({ userId: d.id, sessionId: randomUUID() });

/** Who sits in the chat, sorted. */
async function seated(conversationId: string | null): Promise<string[]> {
  const rows = await t.database.rows<{ user_id: string }>(sql`
    select user_id from conversation_members where conversation_id = ${conversationId}::uuid order by user_id`);
  return rows.map((r) => r.user_id);
}

const sorted = (...dancers: Dancer[]) => dancers.map((d) => d.id).sort();

/** A public group started through the small-chat service, with these dancers joining in order. */
async function groupWith(owner: Dancer, joiners: Dancer[]): Promise<Group> {
  const group = await groups.createGroup(actor(owner), {
    name: `Grupo ${randomUUID()}`,
    visibility: 'public',
  });
  for (const d of joiners) await groups.joinGroup(actor(d), group.id);
  return group;
}

describe('a full chat', () => {
  it('seats members while there is room; a newcomer then waits, without the chat on the group', async () => {
    const [owner, ana, bruno, carla] = await createDancers(t, 4);
    const group = await groupWith(owner, [ana, bruno]);
    const joined = await groups.joinGroup(actor(carla), group.id);
    expect(joined).toMatchObject({ memberCount: 4, conversationId: null, viewer: { membership: 'member' } });
    expect(await seated(group.conversationId)).toEqual(sorted(owner, ana, bruno));
    expect((await groups.getGroup(ana.id, group.id)).conversationId).toBe(group.conversationId);
  });

  it("gives a freed seat to the first waiting member in the members list's order", async () => {
    const [owner, ana, bruno, carla, dario] = await createDancers(t, 5);
    const group = await groupWith(owner, [ana, bruno, carla, dario]);
    // Dario joined last, but a moderator comes before members in the list.
    await groups.setMemberRole(actor(owner), group.id, dario.id, 'moderator');
    await groups.leaveGroup(actor(ana), group.id);
    expect(await seated(group.conversationId)).toEqual(sorted(owner, bruno, dario));
    await groups.banUser(actor(owner), group.id, bruno.id);
    expect(await seated(group.conversationId)).toEqual(sorted(owner, carla, dario));
    expect((await groups.getGroup(carla.id, group.id)).conversationId).toBe(group.conversationId);
  });

  it('seats approved requests and those a private group made public takes, while there is room', async () => {
    const [owner, ana, bruno, carla] = await createDancers(t, 4);
    const group = await groups.createGroup(actor(owner), {
      name: `Grupo ${randomUUID()}`,
      visibility: 'private',
    });
    for (const d of [ana, bruno, carla]) await groups.joinGroup(actor(d), group.id);
    await groups.approveRequest(actor(owner), group.id, ana.id);
    await groups.updateGroup(actor(owner), group.id, { visibility: 'public' });
    // Bruno and Carla joined at the same instant: the list orders them by id, and the first sits.
    const [first] = sorted(bruno, carla);
    expect(await seated(group.conversationId)).toEqual([owner.id, ana.id, first].sort());
    expect((await groups.getGroup(owner.id, group.id)).memberCount).toBe(4);
  });

  it('gives the seat of a deleted account to the first waiting member', async () => {
    const [owner, ana, bruno, carla] = await createDancers(t, 4);
    const group = await groupWith(owner, [ana, bruno, carla]);
    await t.database.db.transaction(async (tx) => {
      await groups.forgetUser(tx, ana.id);
      await tx.execute(sql`delete from users where id = ${ana.id}::uuid`);
    });
    expect(await seated(group.conversationId)).toEqual(sorted(owner, bruno, carla));
  });
});

describe('seats under concurrent changes', () => {
  it('seats exactly as many as there is room for when dancers join at the same moment', async () => {
    const owner = await createDancer(t);
    const group = await groupWith(owner, []);
    const dancers = await createDancers(t, 8);
    await Promise.all(dancers.map((d) => groups.joinGroup(actor(d), group.id)));
    const seats = await seated(group.conversationId);
    expect(seats).toHaveLength(SEATS);
    expect(seats).toContain(owner.id);
    expect((await groups.getGroup(owner.id, group.id)).memberCount).toBe(9);
  });

  it("keeps the chat's members the group's while dancers join and leave at the same moment", async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    const dancers = await createDancers(t, 12);
    const [stay, go] = [dancers.slice(0, 6), dancers.slice(6)];
    for (const d of go) await addMember(api, group, owner, d);
    const results = await Promise.all([
      ...stay.map((d) => api.join(group.id, d)),
      ...go.map((d) => api.leave(group.id, d)),
      ...go.slice(0, 2).map((d) => api.ban(group.id, d.id, owner)),
    ]);
    expect(results.map((r) => r.statusCode).filter((s) => s >= 400)).toEqual([]);
    const members = await t.database.rows<{ user_id: string }>(sql`
      select user_id from group_members where group_id = ${group.id}::uuid order by user_id`);
    expect(await seated(group.conversationId)).toEqual(members.map((m) => m.user_id));
    expect(members).toHaveLength(7);
  });
});

describe('migration 0019', () => {
  /** The migration's hand-written statements: the chats of the groups made before it. */
  async function backfill(): Promise<string[]> {
    const text = await readFile(join(migrationsFolder, '0019_group_chat.sql'), 'utf8');
    const handWritten = text.slice(text.indexOf('-- Hand-written from here'));
    return handWritten.split('--> statement-breakpoint').filter((s) => s.trim() !== '');
  }

  it("opens the chat of a group that has none, seating its members in the list's order", async () => {
    const [owner, ana, bruno] = await createDancers(t, 3);
    const group = await createGroup(api, owner, { visibility: 'private' });
    await addMember(api, group, owner, ana);
    await addMember(api, group, owner, bruno);
    await t.database.db.execute(sql`delete from conversations where group_id = ${group.id}::uuid`);
    const statements = await backfill();
    expect(statements).toHaveLength(2);
    // As many seats as the service gives.
    expect(statements[1]).toContain(`LIMIT ${GROUP_MAX_MEMBERS}\n`);
    for (let run = 0; run < 2; run++) {
      for (const statement of statements) await t.database.db.execute(sql.raw(statement));
    }
    const opened = await t.database.rows<{ id: string; name: string; created_by_id: string }>(sql`
      select id, name, created_by_id from conversations where group_id = ${group.id}::uuid`);
    expect(opened).toEqual([{ id: expect.any(String) as string, name: group.name, created_by_id: owner.id }]);
    expect(await seated(opened[0]?.id ?? null)).toEqual(sorted(owner, ana, bruno));
    const view = groupOf(await api.get(group.id, bruno));
    expect(view.conversationId).toBe(opened[0]?.id);
  });
});
