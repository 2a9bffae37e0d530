import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { groupBanSchema } from '../../../contract/groups.ts';
import {
  bansOf,
  countsOf,
  createDancers,
  detailPaths,
  errorOf,
  groupOf,
  outcome,
  staffedGroup,
  useGroupsApp,
  type Dancer,
} from './groups.testing.ts';

const { t, api } = useGroupsApp();

describe('bans', () => {
  it('take a member out, off the count, and keep them from joining again until lifted', async () => {
    const { group, moderator, member } = await staffedGroup(t, api);
    expect((await api.ban(group.id, member.id, moderator)).statusCode).toBe(204);
    expect(groupOf(await api.get(group.id, member))).toMatchObject({
      memberCount: 3,
      viewer: { membership: 'banned', role: null },
    });
    expect(outcome(await api.join(group.id, member))).toBe('403 FORBIDDEN');
    expect(await countsOf(t, group.id)).toEqual({ stored: 3, actual: 3 });
    // Banning again changes nothing.
    expect((await api.ban(group.id, member.id, moderator)).statusCode).toBe(204);

    expect((await api.unban(group.id, member.id, moderator)).statusCode).toBe(204);
    expect((await api.unban(group.id, member.id, moderator)).statusCode).toBe(204);
    expect(groupOf(await api.join(group.id, member))).toMatchObject({
      memberCount: 4,
      viewer: { membership: 'member', role: 'member' },
    });
  });

  it("take a dancer's request to join a private group away, and reach dancers who are not members", async () => {
    const { group, owner } = await staffedGroup(t, api, { visibility: 'private' });
    const [asking, outsider] = await createDancers(t, 2);
    await api.join(group.id, asking);
    expect((await api.ban(group.id, asking.id, owner)).statusCode).toBe(204);
    expect((await api.ban(group.id, outsider.id, owner)).statusCode).toBe(204);
    const [row] = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from group_requests where group_id = ${group.id}::uuid`,
    );
    expect(row?.n).toBe(0);
    expect(outcome(await api.join(group.id, outsider))).toBe('403 FORBIDDEN');
    expect(groupOf(await api.get(group.id, asking)).viewer?.membership).toBe('banned');
  });

  it('reach only dancers of a lower role than the one who bans', async () => {
    const { group, owner, admin, moderator, member } = await staffedGroup(t, api);
    const cases: [Dancer, Dancer, string][] = [
      [moderator, member, '204'],
      [moderator, moderator, '403 FORBIDDEN'],
      [moderator, admin, '403 FORBIDDEN'],
      [moderator, owner, '403 FORBIDDEN'],
      [admin, admin, '403 FORBIDDEN'],
      [admin, owner, '403 FORBIDDEN'],
      [admin, moderator, '204'],
      [owner, owner, '403 FORBIDDEN'],
    ];
    for (const [actor, target, expected] of cases) {
      expect(outcome(await api.ban(group.id, target.id, actor))).toBe(expected);
    }
    expect(groupOf(await api.get(group.id)).memberCount).toBe(2);
    expect(outcome(await api.ban(group.id, admin.id, owner))).toBe('204');
  });

  it('are listed, latest first, to the owner, admins and moderators', async () => {
    const { group, owner, moderator } = await staffedGroup(t, api);
    const banned = await createDancers(t, 3);
    for (const dancer of banned) await api.ban(group.id, dancer.id, owner);
    const base = Date.parse('2025-02-01T20:00:00.000Z');
    for (const [i, dancer] of banned.entries()) {
      await t.database.db.execute(sql`
        update group_bans set created_at = ${new Date(base + i * 60_000).toISOString()}::timestamptz
        where group_id = ${group.id}::uuid and user_id = ${dancer.id}::uuid`);
    }
    const first = await api.bans(group.id, moderator, '?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = bansOf(first);
    for (const ban of page1.data) expect(groupBanSchema.strict().parse(ban)).toEqual(ban);
    expect(page1.data.map((b) => b.id)).toEqual([banned[2].id, banned[1].id]);
    expect(page1.data[0]?.bannedAt).toBe('2025-02-01T20:02:00.000Z');
    const page2 = bansOf(await api.bans(group.id, owner, `?limit=2&cursor=${page1.meta.nextCursor ?? ''}`));
    expect(page2.data.map((b) => b.id)).toEqual([banned[0].id]);
  });

  it('are neither listed, made nor lifted by members or strangers; need a token; 404 and 400 as usual', async () => {
    const { group, owner, member } = await staffedGroup(t, api);
    const [stranger, target] = await createDancers(t, 2);
    await api.ban(group.id, target.id, owner);
    for (const who of [member, stranger]) {
      expect(outcome(await api.bans(group.id, who))).toBe('403 FORBIDDEN');
      expect(outcome(await api.ban(group.id, stranger.id === who.id ? member.id : stranger.id, who))).toBe(
        '403 FORBIDDEN',
      );
      expect(outcome(await api.unban(group.id, target.id, who))).toBe('403 FORBIDDEN');
    }
    expect(groupOf(await api.get(group.id, target)).viewer?.membership).toBe('banned');
    expect(outcome(await api.bans(group.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.ban(group.id, target.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.unban(group.id, target.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.ban(randomUUID(), target.id, owner))).toBe('404 NOT_FOUND');
    expect(outcome(await api.unban(randomUUID(), target.id, owner))).toBe('404 NOT_FOUND');
    expect(outcome(await api.bans(randomUUID(), owner))).toBe('404 NOT_FOUND');
    const nobody = await api.ban(group.id, randomUUID(), owner);
    expect(outcome(nobody)).toBe('404 NOT_FOUND');
    expect(errorOf(nobody).message).toBe('User not found.');
    const bad = await api.ban(group.id, 'someone', owner);
    expect(outcome(bad)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(bad)).toEqual(['params.userId']);
    expect(outcome(await api.bans(group.id, owner, '?limit=1000'))).toBe('400 VALIDATION_FAILED');
  });
});
