import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { groupSchema } from '../../../contract/groups.ts';
import { GROUP_DESCRIPTION_MAX_LENGTH, GROUP_NAME_MAX_LENGTH } from '../../../contract/rules.ts';
import { bearer } from '../../../../test/helpers/auth.ts';
import {
  addMember,
  cityOfTheTest,
  countsOf,
  createDancer,
  createGroup,
  detailPaths,
  errorOf,
  groupOf,
  groupsOf,
  outcome,
  uniqueWord,
  useGroupsApp,
} from './groups.testing.ts';

const { t, api } = useGroupsApp();

describe('POST /api/v1/groups', () => {
  it('starts a group whose creator is its owner and only member', async () => {
    const ana = await createDancer(t);
    const city = await cityOfTheTest(t);
    const res = await api.create(ana, {
      name: '  DJs de Buenos Aires ',
      description: 'Quienes musicalizan milongas',
      visibility: 'private',
      city: city.slug,
    });
    expect(res.statusCode).toBe(201);
    const group = groupOf(res);
    expect(groupSchema.strict().parse(group)).toEqual(group);
    expect(group).toEqual({
      id: expect.any(String) as string,
      name: 'DJs de Buenos Aires',
      description: 'Quienes musicalizan milongas',
      visibility: 'private',
      city: { slug: city.slug, name: city.name, country: 'AR' },
      memberCount: 1,
      createdAt: expect.any(String) as string,
      conversationId: expect.any(String) as string,
      viewer: { membership: 'member', role: 'owner' },
    });
    expect(await countsOf(t, group.id)).toEqual({ stored: 1, actual: 1 });
  });

  it('takes a group with no description and no city', async () => {
    const ana = await createDancer(t);
    const group = groupOf(await api.create(ana, { name: 'Práctica del martes', visibility: 'public' }));
    expect(group).toMatchObject({ description: '', city: null, visibility: 'public', memberCount: 1 });
  });

  it('creates one group for a retry with the same Idempotency-Key', async () => {
    const ana = await createDancer(t);
    const name = `Encuentro ${uniqueWord()}`;
    const key = randomUUID();
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/groups',
        headers: { ...bearer(ana.token), 'idempotency-key': key },
        payload: { name, visibility: 'public' },
      });
    const [first, retry] = [await post(), await post()];
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(groupOf(retry).id).toBe(groupOf(first).id);
    expect(groupsOf(await api.list(`?q=${encodeURIComponent(name)}`)).data).toHaveLength(1);
  });

  it('answers 401 without a token', async () => {
    const res = await api.create(undefined, { name: 'Nadie', visibility: 'public' });
    expect(outcome(res)).toBe('401 UNAUTHENTICATED');
  });

  it.each([
    ['no name', { visibility: 'public' }, 'body.name'],
    ['a name of spaces', { name: '   ', visibility: 'public' }, 'body.name'],
    ['a name too long', { name: 'a'.repeat(GROUP_NAME_MAX_LENGTH + 1), visibility: 'public' }, 'body.name'],
    [
      'a description too long',
      { name: 'Ok', description: 'a'.repeat(GROUP_DESCRIPTION_MAX_LENGTH + 1), visibility: 'public' },
      'body.description',
    ],
    ['no visibility', { name: 'Ok' }, 'body.visibility'],
    ['an unknown visibility', { name: 'Ok', visibility: 'secret' }, 'body.visibility'],
    ['a city of no community', { name: 'Ok', visibility: 'public', city: 'no-such-city-zz' }, 'body.city'],
    ['a field it does not know', { name: 'Ok', visibility: 'public', ownerId: randomUUID() }, 'body'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_label, payload, path) => {
    const ana = await createDancer(t);
    const res = await api.create(ana, payload);
    expect(outcome(res)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual([path]);
  });
});

describe('GET /api/v1/groups/:id', () => {
  it('answers a group, with the viewer null for anonymous callers and "none" for strangers', async () => {
    const ana = await createDancer(t);
    const group = await createGroup(api, ana, { visibility: 'private', description: 'Solo invitados' });
    const anonymous = groupOf(await api.get(group.id));
    expect(anonymous).toEqual({ ...group, conversationId: null, viewer: null });
    const stranger = await createDancer(t);
    const asStranger = groupOf(await api.get(group.id, stranger));
    expect(asStranger.viewer).toEqual({ membership: 'none', role: null });
    expect(asStranger.conversationId).toBeNull();
    expect(groupOf(await api.get(group.id, ana)).viewer).toEqual({ membership: 'member', role: 'owner' });
  });

  it('answers 404 for an unknown group and 400 for an id that is no UUID', async () => {
    const unknown = await api.get(randomUUID());
    expect(outcome(unknown)).toBe('404 NOT_FOUND');
    expect(errorOf(unknown).message).toBe('Group not found.');
    const malformed = await api.get('not-a-uuid');
    expect(outcome(malformed)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(malformed)).toEqual(['params.id']);
  });
});

describe('PATCH /api/v1/groups/:id', () => {
  it('lets the owner and admins change a group', async () => {
    const [owner, admin] = [await createDancer(t), await createDancer(t)];
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, admin, 'admin');
    const city = await cityOfTheTest(t);
    const res = await api.update(group.id, admin, {
      name: 'Nuevo nombre',
      description: 'Otra',
      city: city.slug,
    });
    expect(res.statusCode).toBe(200);
    expect(groupOf(res)).toMatchObject({
      name: 'Nuevo nombre',
      description: 'Otra',
      city: { slug: city.slug },
      viewer: { membership: 'member', role: 'admin' },
    });
    const cleared = groupOf(await api.update(group.id, owner, { city: null, visibility: 'private' }));
    expect(cleared).toMatchObject({ name: 'Nuevo nombre', city: null, visibility: 'private' });
    // An empty change answers the group as it is.
    expect(groupOf(await api.update(group.id, owner, {}))).toMatchObject({ name: 'Nuevo nombre' });
  });

  it('admits every pending request when a private group becomes public', async () => {
    const owner = await createDancer(t);
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const group = await createGroup(api, owner, { visibility: 'private' });
    await api.join(group.id, ana);
    await api.join(group.id, bruno);
    const res = await api.update(group.id, owner, { visibility: 'public' });
    expect(groupOf(res)).toMatchObject({ visibility: 'public', memberCount: 3 });
    expect(groupOf(await api.get(group.id, ana)).viewer).toEqual({ membership: 'member', role: 'member' });
    expect(await countsOf(t, group.id)).toEqual({ stored: 3, actual: 3 });
  });

  it('answers 403 to moderators, members and strangers, 401 without a token', async () => {
    const [owner, moderator, member, stranger] = [
      await createDancer(t),
      await createDancer(t),
      await createDancer(t),
      await createDancer(t),
    ];
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, moderator, 'moderator');
    await addMember(api, group, owner, member);
    for (const who of [moderator, member, stranger]) {
      expect(outcome(await api.update(group.id, who, { name: 'Mío' }))).toBe('403 FORBIDDEN');
    }
    expect(outcome(await api.update(group.id, undefined, { name: 'Mío' }))).toBe('401 UNAUTHENTICATED');
    expect(groupOf(await api.get(group.id)).name).toBe(group.name);
  });

  it('answers 400 for bad fields or an unknown city, and 404 for an unknown group', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    for (const [payload, path] of [
      [{ name: '' }, 'body.name'],
      [{ visibility: 'hidden' }, 'body.visibility'],
      [{ city: 'no-such-city-zz' }, 'body.city'],
      [{ memberCount: 1000 }, 'body'],
    ] as const) {
      const res = await api.update(group.id, owner, payload);
      expect(outcome(res), JSON.stringify(payload)).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(res)).toEqual([path]);
    }
    expect(outcome(await api.update(randomUUID(), owner, { name: 'x' }))).toBe('404 NOT_FOUND');
  });
});

describe('DELETE /api/v1/groups/:id', () => {
  it('lets the owner delete the group, with its members, requests and bans', async () => {
    const [owner, member, asking, banned] = [
      await createDancer(t),
      await createDancer(t),
      await createDancer(t),
      await createDancer(t),
    ];
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, member);
    await api.ban(group.id, banned.id, owner);
    await api.update(group.id, owner, { visibility: 'private' });
    await api.join(group.id, asking);
    const res = await api.remove(group.id, owner);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(outcome(await api.get(group.id))).toBe('404 NOT_FOUND');
    expect(groupsOf(await api.mine(member)).data).toEqual([]);
  });

  it('answers 403 to an admin and to strangers, 401 without a token, 404 for an unknown group', async () => {
    const [owner, admin, stranger] = [await createDancer(t), await createDancer(t), await createDancer(t)];
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, admin, 'admin');
    expect(outcome(await api.remove(group.id, admin))).toBe('403 FORBIDDEN');
    expect(outcome(await api.remove(group.id, stranger))).toBe('403 FORBIDDEN');
    expect(outcome(await api.remove(group.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.remove(randomUUID(), owner))).toBe('404 NOT_FOUND');
    expect(outcome(await api.remove('nope', owner))).toBe('400 VALIDATION_FAILED');
    expect((await api.get(group.id)).statusCode).toBe(200);
  });
});
