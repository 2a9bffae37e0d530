import { describe, expect, it } from 'vitest';
import { createRelationshipsService } from './relationships.service.ts';
import { createDancer, errorOf, profileOf, useRelationsApp, requestOf } from './relations.testing.ts';

// GET /api/v1/users/:username as the relations module shapes it: counts and relationship.

const { t, api } = useRelationsApp();

const NONE = {
  isSelf: false,
  following: false,
  followedBy: false,
  friends: false,
  friendRequest: null,
  muted: false,
  blocking: false,
};

describe('GET /api/v1/users/:username (profile)', () => {
  it('carries the counts and no relationship for an anonymous viewer', async () => {
    const [ana, bruno, carla] = [await createDancer(t), await createDancer(t), await createDancer(t)];
    await api.follow(bruno.token, ana.username);
    await api.follow(carla.token, ana.username);
    await api.follow(ana.token, carla.username);
    await api.accept(ana.token, requestOf(await api.befriend(bruno.token, ana.username)).id);
    const profile = profileOf(await api.profile(undefined, ana.username));
    expect(profile).toMatchObject({
      followerCount: 2,
      followingCount: 1,
      friendCount: 1,
      relationship: null,
    });
  });

  it('tells a signed-in viewer how they relate, and the other side sees the mirror image', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    expect(profileOf(await api.profile(ana.token, bruno.username)).relationship).toEqual(NONE);
    await api.follow(ana.token, bruno.username);
    await api.befriend(ana.token, bruno.username);
    expect(profileOf(await api.profile(ana.token, bruno.username)).relationship).toEqual({
      ...NONE,
      following: true,
      friendRequest: 'outgoing',
    });
    expect(profileOf(await api.profile(bruno.token, ana.username)).relationship).toEqual({
      ...NONE,
      followedBy: true,
      friendRequest: 'incoming',
    });
  });

  it('marks the own profile as isSelf', async () => {
    const ana = await createDancer(t);
    expect(profileOf(await api.profile(ana.token, ana.username)).relationship).toEqual({
      ...NONE,
      isSelf: true,
    });
  });

  it('refuses a bad token with 401 instead of answering anonymously', async () => {
    const ana = await createDancer(t);
    const res = await api.profile('not-a-token', ana.username);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });
});

describe('relationships service (for other modules)', () => {
  it('answers getRelationship and isBlockedEitherWay', async () => {
    const service = createRelationshipsService({ db: t.database.db });
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    expect(await service.getRelationship(null, bruno.id)).toBeNull();
    expect(await service.isBlockedEitherWay(ana.id, bruno.id)).toBe(false);
    await api.block(bruno.token, ana.username);
    expect(await service.isBlockedEitherWay(ana.id, bruno.id)).toBe(true);
    expect(await service.isBlockedEitherWay(bruno.id, ana.id)).toBe(true);
    expect(await service.getRelationship(ana.id, bruno.id)).toMatchObject({
      blocking: false,
      blockedBy: true,
    });
    expect(await service.getRelationship(bruno.id, ana.id)).toMatchObject({
      blocking: true,
      blockedBy: false,
    });
  });
});
