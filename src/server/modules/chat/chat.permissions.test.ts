import { describe, expect, it } from 'vitest';
import { createFollow, createFriendship } from '../../../../test/factories/relations.ts';
import { acceptMessagesFromEveryone } from '../../../../test/factories/users.ts';
import { registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { insertBlock } from '../../../../test/helpers/social.ts';
import type { DirectMessages } from '../../../contract/auth.ts';
import type { Conversation } from '../../../contract/chat.ts';
import { codeOf, errorPaths, useChatApp } from './chat.testing.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

// Who may start a conversation with whom, or add whom to a group: the added dancer's directMessages
// setting, judged against whoever adds them, and blocks between anyone in the group.

const { t, call, dancers, direct, group, say } = useChatApp();

type Relation = 'someone Ana follows' | 'a friend of Ana' | 'a stranger' | 'a follower Ana does not follow';

/** Ana, with the setting, and Bruno, who relates to her as given and tries to reach her. */
async function pairWith(setting: DirectMessages | 'default', relation: Relation) {
  const ana = await registerUser(t.app, { displayName: 'Ana' });
  const bruno = await registerUser(t.app, { displayName: 'Bruno' });
  if (setting !== 'default') {
    const res = await call(ana, 'PATCH', '/me', { directMessages: setting });
    expect(res.statusCode, res.body).toBe(200);
  }
  const db = t.database.db;
  if (relation === 'someone Ana follows') await createFollow(db, ana.user.id, bruno.user.id);
  if (relation === 'a friend of Ana') await createFriendship(db, ana.user.id, bruno.user.id);
  // Bruno follows Ana: that does not make him someone she follows.
  if (relation === 'a follower Ana does not follow') await createFollow(db, bruno.user.id, ana.user.id);
  return { ana, bruno };
}

const refusals: Record<DirectMessages, string | null> = {
  everyone: null,
  following: 'Ana accepts messages only from people they follow and from friends.',
  friends: 'Ana accepts messages only from friends.',
};

// [Ana's setting, who Bruno is to her, may Bruno reach her?]
const matrix: [DirectMessages, Relation, boolean][] = [
  ['everyone', 'someone Ana follows', true],
  ['everyone', 'a friend of Ana', true],
  ['everyone', 'a stranger', true],
  ['following', 'someone Ana follows', true],
  ['following', 'a friend of Ana', true],
  ['following', 'a stranger', false],
  ['following', 'a follower Ana does not follow', false],
  ['friends', 'someone Ana follows', false],
  ['friends', 'a friend of Ana', true],
  ['friends', 'a stranger', false],
];
function expectRefused(res: Awaited<ReturnType<typeof call>>, message: string, path: string) {
  expect(res.statusCode, res.body).toBe(403);
  expect(codeOf(res)).toBe('NOT_ALLOWED');
  const { error } = res.json<ErrorEnvelope>();
  expect(error.message).toBe(message);
  expect(error.details).toEqual([{ path, message }]);
}

describe('directMessages: starting a direct conversation', () => {
  it.each(matrix)('with "%s", %s may reach Ana: %s', async (setting, relation, allowed) => {
    const { ana, bruno } = await pairWith(setting, relation);
    const res = await call(bruno, 'POST', '/conversations', { kind: 'direct', memberIds: [ana.user.id] });
    if (allowed) {
      expect(res.statusCode, res.body).toBe(201);
      return;
    }
    expectRefused(res, refusals[setting] ?? '', 'body.memberIds.0');
    // Nothing was made: Ana has no conversation to see.
    expect((await call(ana, 'GET', '/conversations')).json<{ data: Conversation[] }>().data).toEqual([]);
  });

  it('accepts only people one follows, and friends, by default', async () => {
    const stranger = await pairWith('default', 'a stranger');
    expectRefused(
      await call(stranger.bruno, 'POST', '/conversations', {
        kind: 'direct',
        memberIds: [stranger.ana.user.id],
      }),
      refusals.following ?? '',
      'body.memberIds.0',
    );
    const followed = await pairWith('default', 'someone Ana follows');
    await direct(followed.bruno, followed.ana);
  });

  it('lets the one with the setting start it: the rule is about who reaches them', async () => {
    const { ana, bruno } = await pairWith('friends', 'a stranger');
    await acceptEveryone(bruno);
    const res = await call(ana, 'POST', '/conversations', { kind: 'direct', memberIds: [bruno.user.id] });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('keeps an existing conversation going for both after the setting tightens', async () => {
    const { ana, bruno } = await pairWith('following', 'someone Ana follows');
    const conv = await direct(bruno, ana);
    expect((await call(ana, 'PATCH', '/me', { directMessages: 'friends' })).statusCode).toBe(200);
    for (const [who, other] of [
      [bruno, ana],
      [ana, bruno],
    ] as const) {
      const again = await call(who, 'POST', '/conversations', { kind: 'direct', memberIds: [other.user.id] });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json<{ data: Conversation }>().data.id).toBe(conv.id);
      await say(who, conv.id, 'Seguimos');
    }
  });

  it('still answers a block before the setting, with FORBIDDEN', async () => {
    const { ana, bruno } = await pairWith('friends', 'a stranger');
    await insertBlock(t.database.db, ana.user.id, bruno.user.id);
    const res = await call(bruno, 'POST', '/conversations', { kind: 'direct', memberIds: [ana.user.id] });
    expect(res.statusCode).toBe(403);
    expect(codeOf(res)).toBe('FORBIDDEN');
  });
});

async function acceptEveryone(u: RegisteredUser): Promise<void> {
  expect((await call(u, 'PATCH', '/me', { directMessages: 'everyone' })).statusCode).toBe(200);
}

/** Dancers by these names, open to messages from everyone (the block rules are what is tested). */
async function named<const T extends readonly string[]>(...names: T) {
  const users: RegisteredUser[] = [];
  for (const displayName of names) users.push(await registerUser(t.app, { displayName }));
  await acceptMessagesFromEveryone(
    t.database.db,
    users.map((u) => u.user.id),
  );
  return users as { [K in keyof T]: RegisteredUser };
}

describe('directMessages: adding to a group', () => {
  it.each(matrix)('with "%s", %s may reach Ana: %s', async (setting, relation, allowed) => {
    const { ana, bruno } = await pairWith(setting, relation);
    const [carla] = await dancers(1);
    // Creating a group with Ana in it…
    const created = await call(bruno, 'POST', '/conversations', {
      kind: 'group',
      name: 'Práctica',
      memberIds: [carla.user.id, ana.user.id],
    });
    // …and adding her to one, as its admin.
    const conv = await group(bruno, [carla]);
    const added = await call(bruno, 'POST', `/conversations/${conv.id}/members`, { userIds: [ana.user.id] });
    if (allowed) {
      expect(created.statusCode, created.body).toBe(201);
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json<{ data: Conversation }>().data.memberCount).toBe(3);
      return;
    }
    expectRefused(created, refusals[setting] ?? '', 'body.memberIds.1');
    expectRefused(added, refusals[setting] ?? '', 'body.userIds.0');
    expect((await call(ana, 'GET', '/conversations')).json<{ data: Conversation[] }>().data).toEqual([]);
    expect(
      (await call(bruno, 'GET', `/conversations/${conv.id}`)).json<{ data: Conversation }>().data,
    ).toMatchObject({ memberCount: 2 });
  });

  it("judges by the admin who adds, not by the group's other members", async () => {
    // Ana follows Carla, not Bruno: Carla may add her to Bruno's group, Bruno may not.
    const { ana, bruno } = await pairWith('following', 'a stranger');
    const [carla] = await dancers(1);
    await acceptEveryone(bruno);
    await createFollow(t.database.db, ana.user.id, carla.user.id);
    const conv = await group(bruno, [carla]);
    const byBruno = await call(bruno, 'POST', `/conversations/${conv.id}/members`, {
      userIds: [ana.user.id],
    });
    expect(codeOf(byBruno)).toBe('NOT_ALLOWED');
    const mine = await group(carla, [bruno]);
    const byCarla = await call(carla, 'POST', `/conversations/${mine.id}/members`, {
      userIds: [ana.user.id],
    });
    expect(byCarla.statusCode, byCarla.body).toBe(200);
  });

  it('names every dancer who refuses, by their place in the list, and adds nobody', async () => {
    const [bruno, carla] = await dancers(2);
    const ana = await registerUser(t.app, { displayName: 'Ana' });
    const dario = await registerUser(t.app, { displayName: 'Darío' });
    await call(dario, 'PATCH', '/me', { directMessages: 'friends' });
    const res = await call(bruno, 'POST', '/conversations', {
      kind: 'group',
      name: 'Encuentro',
      memberIds: [carla.user.id, ana.user.id, dario.user.id],
    });
    expect(res.statusCode).toBe(403);
    expect(codeOf(res)).toBe('NOT_ALLOWED');
    const { error } = res.json<ErrorEnvelope>();
    expect(error.message).toBe(
      `${refusals.following ?? ''} 1 more on the list does not accept messages from you either.`,
    );
    expect(error.details).toEqual([
      { path: 'body.memberIds.1', message: refusals.following },
      { path: 'body.memberIds.2', message: 'Darío accepts messages only from friends.' },
    ]);
    expect((await call(carla, 'GET', '/conversations')).json<{ data: Conversation[] }>().data).toEqual([]);
  });
});

describe('blocks in groups', () => {
  const blockMessage = (name: string) =>
    `${name} cannot be in this group: a block stands between them and another member.`;

  it('refuses to add someone in a block with any member, either way, without saying who blocked whom', async () => {
    const [ana, bruno, carla, dario] = await named('Ana', 'Bruno', 'Carla', 'Darío');
    const conv = await group(ana, [bruno]);
    await insertBlock(t.database.db, bruno.user.id, carla.user.id);
    await insertBlock(t.database.db, dario.user.id, bruno.user.id);
    const messages: string[] = [];
    for (const newcomer of [carla, dario]) {
      const res = await call(ana, 'POST', `/conversations/${conv.id}/members`, {
        userIds: [newcomer.user.id],
      });
      expect(res.statusCode, res.body).toBe(403);
      expect(codeOf(res)).toBe('FORBIDDEN');
      const { message } = res.json<ErrorEnvelope>().error;
      expect(message).not.toContain(bruno.user.displayName);
      messages.push(message);
    }
    // The same words whichever way the block goes.
    expect(messages).toEqual([blockMessage(carla.user.displayName), blockMessage(dario.user.displayName)]);
    expect(
      (await call(ana, 'GET', `/conversations/${conv.id}`)).json<{ data: Conversation }>().data,
    ).toMatchObject({ memberCount: 2 });
  });

  it('refuses two newcomers in a block with each other, and one in a block with the admin', async () => {
    const [ana, bruno, carla, dario] = await named('Ana', 'Bruno', 'Carla', 'Darío');
    const conv = await group(ana, [bruno]);
    await insertBlock(t.database.db, dario.user.id, carla.user.id);
    const pair = await call(ana, 'POST', `/conversations/${conv.id}/members`, {
      userIds: [carla.user.id, dario.user.id],
    });
    expect(pair.statusCode).toBe(403);
    expect(pair.json<ErrorEnvelope>().error.message).toBe(blockMessage(carla.user.displayName));
    await insertBlock(t.database.db, ana.user.id, dario.user.id);
    expect(
      codeOf(await call(ana, 'POST', `/conversations/${conv.id}/members`, { userIds: [dario.user.id] })),
    ).toBe('FORBIDDEN');
    // Carla alone is welcome.
    const alone = await call(ana, 'POST', `/conversations/${conv.id}/members`, { userIds: [carla.user.id] });
    expect(alone.statusCode, alone.body).toBe(200);
  });

  it('refuses to create a group whose first members stand in a block, and creates nothing', async () => {
    const [ana, bruno, carla] = await named('Ana', 'Bruno', 'Carla');
    await insertBlock(t.database.db, carla.user.id, bruno.user.id);
    const res = await call(ana, 'POST', '/conversations', {
      kind: 'group',
      name: 'Milonga',
      memberIds: [bruno.user.id, carla.user.id],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json<ErrorEnvelope>().error.message).toBe(blockMessage(bruno.user.displayName));
    expect((await call(ana, 'GET', '/conversations')).json<{ data: Conversation[] }>().data).toEqual([]);
  });

  it('answers 404 for a conversation of others and 400 for bad ids, before any rule', async () => {
    const [ana, bruno, carla] = await dancers(3);
    const conv = await group(ana, [bruno]);
    const theirs = await call(carla, 'POST', `/conversations/${conv.id}/members`, {
      userIds: [carla.user.id],
    });
    expect(theirs.statusCode).toBe(404);
    const bad = await call(ana, 'POST', `/conversations/${conv.id}/members`, { userIds: ['ana'] });
    expect(bad.statusCode).toBe(400);
    expect(errorPaths(bad)).toEqual(['body.userIds.0']);
    expect(
      (await call(null, 'POST', `/conversations/${conv.id}/members`, { userIds: [carla.user.id] }))
        .statusCode,
    ).toBe(401);
  });
});
