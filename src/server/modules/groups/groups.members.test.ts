import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { groupMemberSchema } from '../../../contract/groups.ts';
import { insertBlock, insertFollow } from '../../../../test/helpers/social.ts';
import { OWNER_STAYS_MESSAGE } from './group-members.service.ts';
import {
  addMember,
  createDancer,
  createDancers,
  createGroup,
  detailPaths,
  errorOf,
  groupOf,
  memberOf,
  membersOf,
  outcome,
  setJoinedAt,
  staffedGroup,
  useGroupsApp,
  type Dancer,
} from './groups.testing.ts';

const { t, api } = useGroupsApp();

/** Every member id of a group, following the cursor page by page. */
async function allMemberIds(groupId: string, who: Dancer | undefined, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.members(groupId, who, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode).toBe(200);
    const page = membersOf(res);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    ids.push(...page.data.map((m) => m.id));
    cursor = page.meta.nextCursor;
    expect(page.meta.hasMore).toBe(cursor !== null);
  } while (cursor);
  return ids;
}

describe('GET /api/v1/groups/:id/members', () => {
  it('lists the owner, admins, moderators and members, each longest-serving first, a page at a time', async () => {
    const [owner, m1, a1, m2, mod1, a2] = await createDancers(t, 6);
    const group = await createGroup(api, owner);
    for (const [dancer, role] of [
      [m1, 'member'],
      [a1, 'admin'],
      [m2, 'member'],
      [mod1, 'moderator'],
      [a2, 'admin'],
    ] as const) {
      await addMember(api, group, owner, dancer, role);
    }
    const base = Date.parse('2025-04-01T20:00:00.000Z');
    for (const [i, dancer] of [owner, m1, a1, m2, mod1, a2].entries()) {
      await setJoinedAt(t, group.id, dancer.id, new Date(base + i * 60_000).toISOString());
    }
    const ids = await allMemberIds(group.id, undefined, 2);
    expect(ids).toEqual([owner.id, a1.id, a2.id, mod1.id, m1.id, m2.id]);

    const page = membersOf(await api.members(group.id, m1, '?limit=3'));
    for (const member of page.data) expect(groupMemberSchema.strict().parse(member)).toEqual(member);
    expect(page.data.map((m) => [m.role, m.joinedAt])).toEqual([
      ['owner', '2025-04-01T20:00:00.000Z'],
      ['admin', '2025-04-01T20:02:00.000Z'],
      ['admin', '2025-04-01T20:05:00.000Z'],
    ]);
  });

  it("fills each member's Follow button for a signed-in viewer, null for anonymous ones", async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, ana);
    const viewer = await createDancer(t);
    await insertFollow(t.database.db, viewer.id, ana.id);
    const seen = membersOf(await api.members(group.id, viewer)).data;
    expect(Object.fromEntries(seen.map((m) => [m.id, m.viewerFollows]))).toEqual({
      [owner.id]: false,
      [ana.id]: true,
    });
    expect(membersOf(await api.members(group.id)).data.map((m) => m.viewerFollows)).toEqual([null, null]);
  });

  it('leaves out whoever stands in a block with the viewer, either way, and only for them', async () => {
    const [owner, blocked, blocker, other, viewer] = await createDancers(t, 5);
    const group = await createGroup(api, owner);
    for (const dancer of [blocked, blocker, other, viewer]) await addMember(api, group, owner, dancer);
    await insertBlock(t.database.db, viewer.id, blocked.id);
    await insertBlock(t.database.db, blocker.id, viewer.id);
    expect(await allMemberIds(group.id, viewer, 1)).toEqual([owner.id, other.id, viewer.id]);
    expect(await allMemberIds(group.id, undefined, 10)).toHaveLength(5);
    // The count is the group's, whoever looks.
    expect(groupOf(await api.get(group.id, viewer)).memberCount).toBe(5);
  });

  it('answers 404 for an unknown group, 400 for bad paging, 401 for a bad token', async () => {
    const { group } = await staffedGroup(t, api);
    expect(outcome(await api.members(randomUUID()))).toBe('404 NOT_FOUND');
    for (const [query, path] of [
      ['?limit=0', 'query.limit'],
      ['?cursor=%24%24', 'query.cursor'],
      [`?cursor=${Buffer.from('9.123.x').toString('base64url')}`, 'query.cursor'],
    ] as const) {
      const res = await api.members(group.id, undefined, query);
      expect(outcome(res), query).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(res)).toEqual([path]);
    }
    expect(outcome(await api.members(group.id, 'not-a-token'))).toBe('401 UNAUTHENTICATED');
  });
});

describe('PUT /api/v1/groups/:id/members/:userId', () => {
  it('lets the owner give any role below owner, and answers the member', async () => {
    const { group, owner, member, admin } = await staffedGroup(t, api);
    const res = await api.setRole(group.id, member.id, owner, 'admin');
    expect(res.statusCode).toBe(200);
    expect(memberOf(res)).toMatchObject({ id: member.id, role: 'admin' });
    expect(memberOf(await api.setRole(group.id, admin.id, owner, 'member')).role).toBe('member');
    expect(groupOf(await api.get(group.id, admin)).viewer?.role).toBe('member');
  });

  it('hands the group over when the owner makes another member owner: the old owner becomes admin', async () => {
    const { group, owner, moderator } = await staffedGroup(t, api);
    const res = await api.setRole(group.id, moderator.id, owner, 'owner');
    expect(res.statusCode).toBe(200);
    expect(memberOf(res)).toMatchObject({ id: moderator.id, role: 'owner' });
    expect(groupOf(await api.get(group.id, owner)).viewer?.role).toBe('admin');
    expect(
      membersOf(await api.members(group.id))
        .data.filter((m) => m.role === 'owner')
        .map((m) => m.id),
    ).toEqual([moderator.id]);
    // The powers went with it: the old owner may no longer delete the group, and may now leave.
    expect(outcome(await api.remove(group.id, owner))).toBe('403 FORBIDDEN');
    expect((await api.leave(group.id, owner)).statusCode).toBe(204);
    expect(groupOf(await api.get(group.id)).memberCount).toBe(3);
    expect((await api.remove(group.id, moderator)).statusCode).toBe(204);
  });

  it('keeps the owner until they hand the group over (409), and setting owner on them changes nothing', async () => {
    const { group, owner } = await staffedGroup(t, api);
    const res = await api.setRole(group.id, owner.id, owner, 'admin');
    expect(outcome(res)).toBe('409 CONFLICT');
    expect(errorOf(res).message).toBe(OWNER_STAYS_MESSAGE);
    expect(memberOf(await api.setRole(group.id, owner.id, owner, 'owner')).role).toBe('owner');
  });

  it('lets admins make members below admin moderators or members, and nothing more', async () => {
    const { group, owner, admin, moderator, member } = await staffedGroup(t, api);
    const other = await createDancer(t);
    await addMember(api, group, owner, other, 'admin');
    expect(memberOf(await api.setRole(group.id, member.id, admin, 'moderator')).role).toBe('moderator');
    expect(memberOf(await api.setRole(group.id, moderator.id, admin, 'member')).role).toBe('member');
    for (const [target, role] of [
      [member, 'admin'],
      [member, 'owner'],
      [other, 'member'],
      [owner, 'member'],
      [admin, 'moderator'],
    ] as const) {
      expect(outcome(await api.setRole(group.id, target.id, admin, role)), `${role}`).toBe('403 FORBIDDEN');
    }
    expect(groupOf(await api.get(group.id, other)).viewer?.role).toBe('admin');
  });

  it('answers 403 to moderators, members and strangers, 401 without a token', async () => {
    const { group, moderator, member } = await staffedGroup(t, api);
    const stranger = await createDancer(t);
    for (const who of [moderator, member, stranger]) {
      expect(outcome(await api.setRole(group.id, member.id, who, 'moderator'))).toBe('403 FORBIDDEN');
    }
    expect(outcome(await api.setRole(group.id, member.id, undefined, 'moderator'))).toBe(
      '401 UNAUTHENTICATED',
    );
  });

  it('answers 404 for a dancer who is not a member and 400 for a role that is none', async () => {
    const { group, owner } = await staffedGroup(t, api);
    const stranger = await createDancer(t);
    const res = await api.setRole(group.id, stranger.id, owner, 'admin');
    expect(outcome(res)).toBe('404 NOT_FOUND');
    expect(errorOf(res).message).toBe('Member not found.');
    expect(outcome(await api.setRole(randomUUID(), stranger.id, owner, 'admin'))).toBe('404 NOT_FOUND');
    const bad = await api.setRole(group.id, stranger.id, owner, 'king');
    expect(outcome(bad)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(bad)).toEqual(['body.role']);
  });
});
