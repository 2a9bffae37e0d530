import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import type { Memory, Notification } from '../../../contract/social.ts';
import { bearer } from '../../../../test/helpers/auth.ts';
import {
  addMember,
  createDancer,
  createDancers,
  createGroup,
  staffedGroup,
  uniqueWord,
  useGroupsApp,
  type Dancer,
} from '../groups/groups.testing.ts';

// Memories shared in a group: visibility "group", seen by whoever may read the group (anyone for a
// public group, its members for a private one) and nowhere else: not in home, public or city feeds,
// and for those who may not read the group not by id, tag, profile, comment, bookmark or mention.

const { t, api } = useGroupsApp();

const inject = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  who?: Dancer,
  payload?: object,
) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: who ? bearer(who.token) : {},
    ...(payload === undefined ? {} : { payload }),
  });

const memoryOf = (res: LightMyRequestResponse) => res.json<{ data: Memory }>().data;
const idsIn = (res: LightMyRequestResponse) => res.json<{ data: Memory[] }>().data.map((m) => m.id);
const codeOf = (res: LightMyRequestResponse) => `${res.statusCode} ${res.json<ErrorEnvelope>().error.code}`;

async function share(who: Dancer, payload: Record<string, unknown>): Promise<Memory> {
  const res = await inject('POST', '/memories', who, payload);
  if (res.statusCode !== 201) throw new Error(`share: ${res.statusCode} ${res.body}`);
  return memoryOf(res);
}

describe('sharing a memory in a group', () => {
  it('puts it in the group, with visibility "group", and in its feed for anyone when the group is public', async () => {
    const [owner, reader] = await createDancers(t, 2);
    const group = await createGroup(api, owner, { visibility: 'public' });
    const memory = await share(owner, { body: 'Primera práctica del grupo', groupId: group.id });
    expect(memory).toMatchObject({ visibility: 'group', group: { id: group.id, name: group.name } });

    for (const who of [owner, reader, undefined]) {
      expect(idsIn(await inject('GET', `/groups/${group.id}/memories`, who))).toEqual([memory.id]);
      expect((await inject('GET', `/memories/${memory.id}`, who)).statusCode).toBe(200);
    }
  });

  it('keeps it out of the home, public and city feeds, even the author’s and their followers’', async () => {
    const [owner, follower] = await createDancers(t, 2);
    await inject('PUT', `/users/${owner.username}/follow`, follower);
    const group = await createGroup(api, owner, { visibility: 'public' });
    const city = `Ciudad ${uniqueWord()}`;
    const memory = await share(owner, { body: 'Solo en el grupo', groupId: group.id, city });
    for (const who of [owner, follower]) {
      expect(idsIn(await inject('GET', '/feed', who))).not.toContain(memory.id);
    }
    expect(idsIn(await inject('GET', '/feed/public'))).not.toContain(memory.id);
    expect(idsIn(await inject('GET', `/cities/${encodeURIComponent(city)}/feed`))).toEqual([]);
  });

  it('refuses a dancer who is not a member (403), an unknown group (404) and a visibility with a group (400)', async () => {
    const [owner, stranger] = await createDancers(t, 2);
    const group = await createGroup(api, owner, { visibility: 'public' });
    expect(codeOf(await inject('POST', '/memories', stranger, { body: 'Hola', groupId: group.id }))).toBe(
      '403 FORBIDDEN',
    );
    expect(codeOf(await inject('POST', '/memories', owner, { body: 'Hola', groupId: randomUUID() }))).toBe(
      '404 NOT_FOUND',
    );
    const both = await inject('POST', '/memories', owner, {
      body: 'Hola',
      groupId: group.id,
      visibility: 'public',
    });
    expect(codeOf(both)).toBe('400 VALIDATION_FAILED');
    expect(codeOf(await inject('POST', '/memories', owner, { body: 'Hola', groupId: 'nope' }))).toBe(
      '400 VALIDATION_FAILED',
    );
    expect(
      (await inject('POST', '/memories', undefined, { body: 'Hola', groupId: group.id })).statusCode,
    ).toBe(401);
    expect(idsIn(await inject('GET', `/groups/${group.id}/memories`))).toEqual([]);
  });

  it('keeps a memory in its group: its visibility cannot be changed, its text can', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    const memory = await share(owner, { body: 'Antes', groupId: group.id });
    expect(codeOf(await inject('PATCH', `/memories/${memory.id}`, owner, { visibility: 'public' }))).toBe(
      '400 VALIDATION_FAILED',
    );
    const edited = await inject('PATCH', `/memories/${memory.id}`, owner, { body: 'Después' });
    expect(edited.statusCode).toBe(200);
    expect(memoryOf(edited)).toMatchObject({ body: 'Después', visibility: 'group' });
  });
});

describe("a private group's memories", () => {
  async function privateGroupWithMemory() {
    const [owner, member, stranger] = await createDancers(t, 3);
    const group = await createGroup(api, owner, { visibility: 'private' });
    await addMember(api, group, owner, member);
    const tag = uniqueWord();
    const memory = await share(owner, { body: `Solo para nosotros #${tag}`, groupId: group.id });
    return { owner, member, stranger, group, memory, tag };
  }

  it('are read by members only: the group feed is 403 and the memory 404 for others', async () => {
    const { member, stranger, group, memory } = await privateGroupWithMemory();
    expect(idsIn(await inject('GET', `/groups/${group.id}/memories`, member))).toEqual([memory.id]);
    expect(codeOf(await inject('GET', `/groups/${group.id}/memories`, stranger))).toBe('403 FORBIDDEN');
    expect(codeOf(await inject('GET', `/groups/${group.id}/memories`))).toBe('403 FORBIDDEN');
    expect(codeOf(await inject('GET', `/groups/${randomUUID()}/memories`, member))).toBe('404 NOT_FOUND');
    expect((await inject('GET', `/memories/${memory.id}`, member)).statusCode).toBe(200);
    expect((await inject('GET', `/memories/${memory.id}`, stranger)).statusCode).toBe(404);
    expect((await inject('GET', `/memories/${memory.id}`)).statusCode).toBe(404);
  });

  it('are in the tag feed and the author’s profile for members only', async () => {
    const { owner, member, stranger, memory, tag } = await privateGroupWithMemory();
    expect(idsIn(await inject('GET', `/tags/${tag}/memories`, member))).toEqual([memory.id]);
    expect(idsIn(await inject('GET', `/tags/${tag}/memories`, stranger))).toEqual([]);
    expect(idsIn(await inject('GET', `/tags/${tag}/memories`))).toEqual([]);
    expect(idsIn(await inject('GET', `/users/${owner.username}/memories`, member))).toEqual([memory.id]);
    expect(idsIn(await inject('GET', `/users/${owner.username}/memories`, stranger))).toEqual([]);
  });

  it('cannot be commented, reacted to or bookmarked by others', async () => {
    const { member, stranger, memory } = await privateGroupWithMemory();
    expect(
      (await inject('POST', `/memories/${memory.id}/comments`, stranger, { body: 'Hola' })).statusCode,
    ).toBe(404);
    expect((await inject('PUT', `/memories/${memory.id}/reactions/abrazo`, stranger)).statusCode).toBe(404);
    expect((await inject('PUT', `/memories/${memory.id}/bookmark`, stranger)).statusCode).toBe(404);
    expect(
      (await inject('POST', `/memories/${memory.id}/comments`, member, { body: 'Qué lindo' })).statusCode,
    ).toBe(201);
  });

  it('tell a mentioned member, not a mentioned outsider', async () => {
    const { owner, member, stranger, group } = await privateGroupWithMemory();
    const memory = await share(owner, {
      body: `Gracias @${member.username} y @${stranger.username}`,
      groupId: group.id,
    });
    const mentionsOf = async (who: Dancer) =>
      (await inject('GET', '/notifications', who))
        .json<{ data: Notification[] }>()
        .data.filter((n) => n.type === 'mention' && n.memoryId === memory.id);
    expect(await mentionsOf(member)).toHaveLength(1);
    expect(await mentionsOf(stranger)).toHaveLength(0);
  });

  it('are hidden from a member who leaves, and stay with their author', async () => {
    const { owner, member, group } = await privateGroupWithMemory();
    const own = await share(member, { body: 'Mi recuerdo del grupo', groupId: group.id });
    expect((await api.leave(group.id, member)).statusCode).toBe(204);
    expect(codeOf(await inject('GET', `/groups/${group.id}/memories`, member))).toBe('403 FORBIDDEN');
    expect((await inject('GET', `/memories/${own.id}`, member)).statusCode).toBe(200);
    expect(idsIn(await inject('GET', `/groups/${group.id}/memories`, owner))).toContain(own.id);
  });

  it('become readable by anyone when the group turns public', async () => {
    const { owner, stranger, group, memory } = await privateGroupWithMemory();
    expect((await api.update(group.id, owner, { visibility: 'public' })).statusCode).toBe(200);
    expect((await inject('GET', `/memories/${memory.id}`, stranger)).statusCode).toBe(200);
  });
});

describe('moderating the memories of a group', () => {
  it('lets its owner, admins and moderators delete any, and a member only their own', async () => {
    const { group, owner, admin, moderator, member } = await staffedGroup(t, api);
    for (const deleter of [owner, admin, moderator]) {
      const memory = await share(member, { body: 'Para moderar', groupId: group.id });
      expect((await inject('DELETE', `/memories/${memory.id}`, deleter)).statusCode).toBe(204);
      expect((await inject('GET', `/memories/${memory.id}`, member)).statusCode).toBe(404);
    }
    const theirs = await share(moderator, { body: 'Del moderador', groupId: group.id });
    expect(codeOf(await inject('DELETE', `/memories/${theirs.id}`, member))).toBe('403 FORBIDDEN');
    // Outside the group a moderator is nobody special: editing someone's memory stays theirs.
    expect(codeOf(await inject('PATCH', `/memories/${theirs.id}`, owner, { body: 'Cambiado' }))).toBe(
      '403 FORBIDDEN',
    );
    const mine = await share(member, { body: 'Mío', groupId: group.id });
    expect((await inject('DELETE', `/memories/${mine.id}`, member)).statusCode).toBe(204);
  });

  it('deletes a group’s memories with the group', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    const memory = await share(owner, { body: 'Se va con el grupo', groupId: group.id });
    expect((await api.remove(group.id, owner)).statusCode).toBe(204);
    expect((await inject('GET', `/memories/${memory.id}`, owner)).statusCode).toBe(404);
  });
});
