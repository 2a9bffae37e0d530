import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisibilityValue } from '../../contract/social.ts';
import { createUser } from '../../../test/factories/users.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { accessTokenFor } from '../../../test/helpers/auth.ts';
import {
  insertBlock,
  insertFollow,
  insertFriendship,
  insertMute,
  shareMemory,
} from '../../../test/helpers/social.ts';
import { createSockets, listen, record, type Pushed, type Recording } from '../../../test/helpers/sockets.ts';

// feed:new tells the people who may see a new memory in their home feed that it is there. To show
// that someone was NOT told, the test waits for a later memory by another author whom everyone follows
// (the marker): feed pushes leave in the order memories were shared, so the earlier one would be in.

type FeedNew = Pushed<'feed:new'>;
const ROLES = ['author', 'marker', 'follower', 'friend', 'stranger', 'muter', 'blocked', 'blocker'] as const;
type Role = (typeof ROLES)[number];

let t: TestApp;
const sockets = createSockets();
const people = {} as Record<Role, { id: string; accessToken: string }>;
const inbox = {} as Record<Role, Recording<FeedNew>>;

beforeAll(async () => {
  t = await createTestApp();
  const url = await listen(t);
  const db = t.database.db;
  for (const role of ROLES) {
    const user = await createUser(db);
    people[role] = { id: user.id, accessToken: await accessTokenFor(user.id) };
  }
  const { author, marker } = people;
  // Everyone but the two authors follows the marker, so everyone hears of the marker's memories.
  for (const role of ROLES.filter((r) => r !== 'marker' && r !== 'author')) {
    await insertFollow(db, people[role].id, marker.id);
  }
  await insertFollow(db, people.author.id, marker.id);
  // Rows written straight to the tables, so the follows stay beside the blocks and mutes they meet.
  await insertFollow(db, people.follower.id, author.id);
  await insertFriendship(db, people.friend.id, author.id);
  await insertFollow(db, people.muter.id, author.id);
  await insertMute(db, people.muter.id, author.id);
  await insertFollow(db, people.blocked.id, author.id);
  await insertBlock(db, author.id, people.blocked.id);
  await insertFollow(db, people.blocker.id, author.id);
  await insertBlock(db, people.blocker.id, author.id);
  for (const role of ROLES) {
    const socket = await sockets.open(url, people[role].accessToken);
    inbox[role] = record(socket, 'feed:new');
  }
}, 60_000);
afterAll(async () => {
  sockets.closeAll();
  await t.close();
});

const share = (role: Role, visibility: VisibilityValue, body: string) =>
  shareMemory(t.app, people[role], { body, visibility });

/** Shares a public marker memory and waits until everyone who follows the marker has heard of it. */
async function markerReachedEveryone(): Promise<string> {
  const marker = await share('marker', 'public', 'Marca: la tanda terminó.');
  for (const role of ROLES.filter((r) => r !== 'marker')) {
    await inbox[role].until(`heard of the marker ${marker.id}`, (seen) =>
      seen.some((e) => e.memoryId === marker.id),
    );
  }
  return marker.id;
}

const heard = (role: Role, memoryId: string) => inbox[role].seen.some((e) => e.memoryId === memoryId);
const told = (memoryId: string) => ROLES.filter((role) => heard(role, memoryId));

describe('feed:new', () => {
  it('tells followers and friends of a public memory, with its id, author and time', async () => {
    const memory = await share('author', 'public', 'Milonga en La Viruta, #vals hasta las 4.');
    await inbox.follower.until('heard of the public memory', (seen) =>
      seen.some((e) => e.memoryId === memory.id),
    );
    await markerReachedEveryone();
    expect(inbox.follower.seen.find((e) => e.memoryId === memory.id)).toEqual({
      memoryId: memory.id,
      authorId: people.author.id,
      createdAt: memory.createdAt,
    });
    // Not the author, a stranger, someone who mutes the author, nor anyone in a block with them.
    expect(told(memory.id)).toEqual(['follower', 'friend']);
  });

  it('tells followers and friends of a memory for followers', async () => {
    const memory = await share('author', 'followers', 'Para quienes me siguen.');
    await markerReachedEveryone();
    expect(told(memory.id)).toEqual(['follower', 'friend']);
  });

  it('tells only friends of a memory for friends', async () => {
    const memory = await share('author', 'friends', 'Solo para amigos.');
    await markerReachedEveryone();
    expect(told(memory.id)).toEqual(['friend']);
  });

  it('tells nobody of a private memory', async () => {
    const memory = await share('author', 'private', 'Solo para mí.');
    await markerReachedEveryone();
    expect(told(memory.id)).toEqual([]);
  });
});
