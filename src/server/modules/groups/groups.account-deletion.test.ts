import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Group } from '../../../contract/groups.ts';
import {
  addMember,
  bansOf,
  countsOf,
  createDancer,
  createDancers,
  createGroup,
  deleteAccount,
  groupOf,
  groupsOf,
  membersOf,
  outcome,
  registeredDancer,
  setJoinedAt,
  useGroupsApp,
} from './groups.testing.ts';

const { t, api } = useGroupsApp();

describe('deleting an account', () => {
  async function groupOwnedByNewAccount(overrides: Record<string, unknown> = {}) {
    const owner = await registeredDancer(t);
    return { owner, group: await createGroup(api, owner, overrides) };
  }

  it("hands an owner's group to the longest-serving admin, even over members who joined before", async () => {
    const { owner, group } = await groupOwnedByNewAccount();
    const [early, moderator, firstAdmin, secondAdmin] = await createDancers(t, 4);
    await addMember(api, group, owner, early);
    await addMember(api, group, owner, moderator, 'moderator');
    await addMember(api, group, owner, firstAdmin, 'admin');
    await addMember(api, group, owner, secondAdmin, 'admin');
    await setJoinedAt(t, group.id, early.id, '2024-01-01T00:00:00.000Z');
    await setJoinedAt(t, group.id, firstAdmin.id, '2024-02-01T00:00:00.000Z');
    await setJoinedAt(t, group.id, secondAdmin.id, '2024-03-01T00:00:00.000Z');

    await deleteAccount(t, owner);
    const after = groupOf(await api.get(group.id, firstAdmin));
    expect(after).toMatchObject({ memberCount: 4, viewer: { role: 'owner' } });
    expect(membersOf(await api.members(group.id)).data.map((m) => [m.id, m.role])).toEqual([
      [firstAdmin.id, 'owner'],
      [secondAdmin.id, 'admin'],
      [moderator.id, 'moderator'],
      [early.id, 'member'],
    ]);
    expect(await countsOf(t, group.id)).toEqual({ stored: 4, actual: 4 });
  });

  it('hands it to the longest-serving member without admins, and deletes a group left empty', async () => {
    const { owner, group } = await groupOwnedByNewAccount({ visibility: 'private' });
    const alone = await createGroup(api, owner);
    const [first, second, asking] = await createDancers(t, 3);
    await addMember(api, group, owner, second);
    await addMember(api, group, owner, first);
    await setJoinedAt(t, group.id, first.id, '2023-06-01T00:00:00.000Z');
    await api.join(group.id, asking);

    await deleteAccount(t, owner);
    expect(groupOf(await api.get(group.id, first)).viewer).toEqual({ membership: 'member', role: 'owner' });
    expect(groupOf(await api.get(group.id, asking)).viewer?.membership).toBe('pending');
    expect(outcome(await api.get(alone.id))).toBe('404 NOT_FOUND');
    expect(await countsOf(t, group.id)).toEqual({ stored: 2, actual: 2 });
  });

  it("takes a member off every group's count, and their requests and bans away", async () => {
    const leaving = await registeredDancer(t);
    const owner = await createDancer(t);
    const groups: Group[] = [];
    for (let i = 0; i < 3; i++) {
      const group = await createGroup(api, owner);
      await addMember(api, group, owner, leaving, i === 0 ? 'admin' : 'member');
      groups.push(group);
    }
    const closed = await createGroup(api, owner, { visibility: 'private' });
    await api.join(closed.id, leaving);
    const banning = await createGroup(api, owner);
    await api.ban(banning.id, leaving.id, owner);
    // Bans they made outlive them.
    const other = await createDancer(t);
    await api.ban(groups[0]?.id ?? '', other.id, leaving);

    await deleteAccount(t, leaving);
    for (const group of groups) expect(await countsOf(t, group.id)).toEqual({ stored: 1, actual: 1 });
    expect(groupsOf(await api.mine(owner)).data.every((g) => g.memberCount === 1)).toBe(true);
    const [row] = await t.database.rows<{ n: number }>(sql`
      select (select count(*) from group_requests where user_id = ${leaving.id}::uuid)
           + (select count(*) from group_bans where user_id = ${leaving.id}::uuid) as n`);
    expect(Number(row?.n)).toBe(0);
    expect(bansOf(await api.bans(groups[0]?.id ?? '', owner)).data.map((b) => b.id)).toEqual([other.id]);
  });
});
