import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bearer } from '../../../../test/helpers/auth.ts';
import { systemClock } from '../../lib/clock.ts';
import { createEventBus } from '../../lib/events.ts';
import { unlimitedSends } from '../chat/chat.allowance.ts';
import { createChatService } from '../chat/chat.service.ts';
import { groupMemberSchema, groupRequestSchema } from '../../../contract/groups.ts';
import { BANNED_MESSAGE, OWNER_CANNOT_LEAVE_MESSAGE, createGroupsService } from './groups.service.ts';
import {
  addMember,
  countsOf,
  createDancer,
  createDancers,
  createGroup,
  detailPaths,
  errorOf,
  groupOf,
  memberOf,
  outcome,
  requestsOf,
  staffedGroup,
  useGroupsApp,
  type Dancer,
} from './groups.testing.ts';

const { t, api } = useGroupsApp();

async function requestRows(groupId: string): Promise<number> {
  const [row] = await t.database.rows<{ n: number }>(
    sql`select count(*)::int as n from group_requests where group_id = ${groupId}::uuid`,
  );
  return row?.n ?? -1;
}

describe('POST /api/v1/groups/:id/join', () => {
  it('makes a dancer a member of a public group at once', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    const res = await api.join(group.id, ana);
    expect(res.statusCode).toBe(200);
    expect(groupOf(res)).toMatchObject({ memberCount: 2, viewer: { membership: 'member', role: 'member' } });
    expect(await countsOf(t, group.id)).toEqual({ stored: 2, actual: 2 });
  });

  it('is idempotent: joining again adds no row and no count', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    for (let i = 0; i < 3; i++) {
      const res = await api.join(group.id, ana);
      expect(res.statusCode).toBe(200);
      expect(groupOf(res)).toMatchObject({ memberCount: 2, viewer: { membership: 'member' } });
    }
    // The owner joining their own group changes nothing either.
    expect(groupOf(await api.join(group.id, owner)).viewer).toEqual({ membership: 'member', role: 'owner' });
    expect(await countsOf(t, group.id)).toEqual({ stored: 2, actual: 2 });
  });

  it('makes a request to a private group, pending until approved, and idempotent', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner, { visibility: 'private' });
    for (let i = 0; i < 2; i++) {
      const res = await api.join(group.id, ana);
      expect(res.statusCode).toBe(200);
      expect(groupOf(res)).toMatchObject({ memberCount: 1, viewer: { membership: 'pending', role: null } });
    }
    expect(await requestRows(group.id)).toBe(1);
    expect(await countsOf(t, group.id)).toEqual({ stored: 1, actual: 1 });
  });

  it('answers 403 FORBIDDEN to a banned dancer, who stays out', async () => {
    const [owner, ana] = await createDancers(t, 2);
    for (const visibility of ['public', 'private']) {
      const group = await createGroup(api, owner, { visibility });
      expect((await api.ban(group.id, ana.id, owner)).statusCode).toBe(204);
      const res = await api.join(group.id, ana);
      expect(outcome(res)).toBe('403 FORBIDDEN');
      expect(errorOf(res).message).toBe(BANNED_MESSAGE);
      expect(groupOf(await api.get(group.id, ana)).viewer).toEqual({ membership: 'banned', role: null });
      expect(await requestRows(group.id)).toBe(0);
      expect(await countsOf(t, group.id)).toEqual({ stored: 1, actual: 1 });
    }
  });

  it('answers 401 without a token, 404 for an unknown group, 400 for an id that is no UUID', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    expect(outcome(await api.join(group.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.join(randomUUID(), ana))).toBe('404 NOT_FOUND');
    const malformed = await api.join('12', ana);
    expect(outcome(malformed)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(malformed)).toEqual(['params.id']);
  });
});

describe('DELETE /api/v1/groups/:id/membership', () => {
  it('lets a member leave, idempotently, and takes them off the count', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    await addMember(api, group, owner, ana);
    for (let i = 0; i < 2; i++) {
      const res = await api.leave(group.id, ana);
      expect(res.statusCode).toBe(204);
    }
    expect(groupOf(await api.get(group.id, ana))).toMatchObject({
      memberCount: 1,
      viewer: { membership: 'none', role: null },
    });
    expect(await countsOf(t, group.id)).toEqual({ stored: 1, actual: 1 });
  });

  it('withdraws a pending request', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner, { visibility: 'private' });
    await api.join(group.id, ana);
    expect((await api.leave(group.id, ana)).statusCode).toBe(204);
    expect(await requestRows(group.id)).toBe(0);
    expect(groupOf(await api.get(group.id, ana)).viewer?.membership).toBe('none');
  });

  it('answers 409 CONFLICT to the owner, who must hand the group over first', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    const res = await api.leave(group.id, owner);
    expect(outcome(res)).toBe('409 CONFLICT');
    expect(errorOf(res).message).toBe(OWNER_CANNOT_LEAVE_MESSAGE);
    expect(groupOf(await api.get(group.id, owner)).viewer?.role).toBe('owner');
  });

  it('leaves a ban in place', async () => {
    const [owner, ana] = await createDancers(t, 2);
    const group = await createGroup(api, owner);
    await api.ban(group.id, ana.id, owner);
    expect((await api.leave(group.id, ana)).statusCode).toBe(204);
    expect(groupOf(await api.get(group.id, ana)).viewer?.membership).toBe('banned');
  });

  it('answers 401 without a token, 404 for an unknown group, 400 for an id that is no UUID', async () => {
    const ana = await createDancer(t);
    expect(outcome(await api.leave(randomUUID(), undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.leave(randomUUID(), ana))).toBe('404 NOT_FOUND');
    expect(outcome(await api.leave('x', ana))).toBe('400 VALIDATION_FAILED');
  });
});

describe('requests to join a private group', () => {
  async function privateGroupWithRequests<N extends number>(count: N) {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner, { visibility: 'private' });
    const asking = await createDancers(t, count);
    const list = asking as Dancer[];
    for (const dancer of list) await api.join(group.id, dancer);
    // Known times, a minute apart, the first one oldest.
    const base = Date.parse('2025-05-01T20:00:00.000Z');
    for (const [i, dancer] of list.entries()) {
      await t.database.db.execute(sql`
        update group_requests set created_at = ${new Date(base + i * 60_000).toISOString()}::timestamptz
        where group_id = ${group.id}::uuid and user_id = ${dancer.id}::uuid`);
    }
    return { owner, group, asking };
  }

  it('are listed oldest first, a page at a time, to the owner, admins and moderators', async () => {
    const { owner, group, asking } = await privateGroupWithRequests(3);
    const moderator = await createDancer(t);
    await api.join(group.id, moderator);
    await api.approve(group.id, moderator.id, owner);
    await api.setRole(group.id, moderator.id, owner, 'moderator');
    for (const who of [owner, moderator]) {
      const first = await api.requests(group.id, who, '?limit=2');
      expect(first.statusCode).toBe(200);
      const page1 = requestsOf(first);
      for (const r of page1.data) expect(groupRequestSchema.strict().parse(r)).toEqual(r);
      expect(page1.data.map((r) => r.id)).toEqual([asking[0]?.id, asking[1]?.id]);
      expect(page1.data[0]?.requestedAt).toBe('2025-05-01T20:00:00.000Z');
      const page2 = requestsOf(
        await api.requests(group.id, who, `?limit=2&cursor=${page1.meta.nextCursor ?? ''}`),
      );
      expect(page2.data.map((r) => r.id)).toEqual([asking[2]?.id]);
      expect(page2.meta.hasMore).toBe(false);
    }
  });

  it('are hidden from members, strangers and the dancers asking (403), and need a token (401)', async () => {
    const { owner, group, asking } = await privateGroupWithRequests(1);
    const [member, stranger] = await createDancers(t, 2);
    await addMember(api, group, owner, member);
    for (const who of [member, stranger, asking[0]]) {
      expect(outcome(await api.requests(group.id, who))).toBe('403 FORBIDDEN');
    }
    expect(outcome(await api.requests(group.id, undefined))).toBe('401 UNAUTHENTICATED');
    expect(outcome(await api.requests(randomUUID(), owner))).toBe('404 NOT_FOUND');
    const bad = await api.requests(group.id, owner, '?cursor=%24%24');
    expect(outcome(bad)).toBe('400 VALIDATION_FAILED');
    expect(detailPaths(bad)).toEqual(['query.cursor']);
  });

  it('approved, make the dancer a member and answer them as one (201)', async () => {
    const { owner, group, asking } = await privateGroupWithRequests(2);
    const [ana, bruno] = asking;
    const res = await api.approve(group.id, ana.id, owner);
    expect(res.statusCode).toBe(201);
    const member = memberOf(res);
    expect(groupMemberSchema.strict().parse(member)).toEqual(member);
    expect(member).toMatchObject({ id: ana?.id, role: 'member', viewerFollows: false });
    expect(groupOf(await api.get(group.id, ana))).toMatchObject({
      memberCount: 2,
      viewer: { membership: 'member', role: 'member' },
    });
    expect(groupOf(await api.get(group.id, bruno)).viewer?.membership).toBe('pending');
    // Once approved there is no request left to approve.
    expect(outcome(await api.approve(group.id, ana.id, owner))).toBe('404 NOT_FOUND');
    expect(await countsOf(t, group.id)).toEqual({ stored: 2, actual: 2 });
  });

  it('declined, leave the dancer outside, free to ask again', async () => {
    const { owner, group, asking } = await privateGroupWithRequests(1);
    const [ana] = asking;
    const res = await api.decline(group.id, ana.id, owner);
    expect(res.statusCode).toBe(204);
    expect(groupOf(await api.get(group.id, ana)).viewer?.membership).toBe('none');
    expect(outcome(await api.decline(group.id, ana.id, owner))).toBe('404 NOT_FOUND');
    expect(groupOf(await api.join(group.id, ana)).viewer?.membership).toBe('pending');
  });

  it('cannot be answered by members or strangers, nor without a token or for no request', async () => {
    const { owner, group, asking } = await privateGroupWithRequests(1);
    const [ana] = asking;
    const [member, stranger] = await createDancers(t, 2);
    await addMember(api, group, owner, member);
    for (const answer of [api.approve, api.decline]) {
      expect(outcome(await answer(group.id, ana.id, member))).toBe('403 FORBIDDEN');
      expect(outcome(await answer(group.id, ana.id, stranger))).toBe('403 FORBIDDEN');
      expect(outcome(await answer(group.id, ana.id, ana))).toBe('403 FORBIDDEN');
      expect(outcome(await answer(group.id, ana.id, undefined))).toBe('401 UNAUTHENTICATED');
      expect(outcome(await answer(group.id, stranger.id, owner))).toBe('404 NOT_FOUND');
      expect(outcome(await answer(randomUUID(), ana.id, owner))).toBe('404 NOT_FOUND');
      const bad = await answer(group.id, 'nobody', owner);
      expect(outcome(bad)).toBe('400 VALIDATION_FAILED');
      expect(detailPaths(bad)).toEqual(['params.userId']);
    }
    expect(groupOf(await api.get(group.id, ana)).viewer?.membership).toBe('pending');
  });
});

describe('a private group', () => {
  it('is listed and shown with its name, description and size, but its members only to members', async () => {
    const [owner, member, asking, banned, stranger] = await createDancers(t, 5);
    const group = await createGroup(api, owner, { visibility: 'private', description: 'Entre nosotros' });
    await addMember(api, group, owner, member);
    await api.join(group.id, asking);
    await api.ban(group.id, banned.id, owner);

    for (const who of [undefined, stranger, asking, banned]) {
      const shown = groupOf(await api.get(group.id, who));
      expect(shown).toMatchObject({ name: group.name, description: 'Entre nosotros', memberCount: 2 });
      const members = await api.members(group.id, who);
      expect(outcome(members)).toBe('403 FORBIDDEN');
    }
    for (const who of [owner, member]) expect((await api.members(group.id, who)).statusCode).toBe(200);
  });

  it("is read inside by its members only, as other modules ask through the service's assertCanRead", async () => {
    const groups = createGroupsService({
      db: t.database.db,
      events: createEventBus(),
      users: { findUser: () => Promise.resolve(undefined) },
      notifications: { record: () => Promise.resolve() },
      chat: createChatService({
        db: t.database.db,
        events: createEventBus(),
        clock: systemClock,
        sends: unlimitedSends,
      }),
    });
    const [owner, member, stranger] = await createDancers(t, 3);
    const closed = await createGroup(api, owner, { visibility: 'private' });
    const open = await createGroup(api, owner);
    await addMember(api, closed, owner, member);
    expect(await groups.assertCanRead(member.id, closed.id)).toEqual({ role: 'member' });
    await expect(groups.assertCanRead(stranger.id, closed.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(groups.assertCanRead(null, closed.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await groups.assertCanRead(null, open.id)).toEqual({ role: null });
    await expect(groups.assertCanRead(member.id, randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('memberCount', () => {
  it('matches the members after many dancers join and leave at the same moment', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    const dancers = await createDancers(t, 16);
    const [stay, go] = [dancers.slice(0, 8), dancers.slice(8)];
    for (const dancer of go) await api.join(group.id, dancer);
    // Eight writers joining while eight leave, some twice.
    const results = await Promise.all([
      ...stay.map((d) => api.join(group.id, d)),
      ...go.map((d) => api.leave(group.id, d)),
      ...stay.slice(0, 4).map((d) => api.join(group.id, d)),
      ...go.slice(0, 4).map((d) => api.leave(group.id, d)),
    ]);
    expect(results.map((r) => r.statusCode).filter((s) => s >= 400)).toEqual([]);
    expect(await countsOf(t, group.id)).toEqual({ stored: 9, actual: 9 });
    expect(groupOf(await api.get(group.id)).memberCount).toBe(9);
  });

  it('matches the members when requests are approved at the same moment', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner, { visibility: 'private' });
    const dancers = await createDancers(t, 8);
    await Promise.all(dancers.map((d) => api.join(group.id, d)));
    const approved = await Promise.all(dancers.map((d) => api.approve(group.id, d.id, owner)));
    expect(approved.map((r) => r.statusCode)).toEqual(dancers.map(() => 201));
    expect(await countsOf(t, group.id)).toEqual({ stored: 9, actual: 9 });
  });
});

describe('group notifications', () => {
  type Listed = {
    type: string;
    group: { id: string; name: string } | null;
    actorCount: number;
    read: boolean;
  };
  const notificationsOf = async (who: { token: string }) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: bearer(who.token) })).json<{
      data: Listed[];
    }>().data;

  it("tells a private group's staff of requests (folded per group) and the dancer let in", async () => {
    const { group, owner, admin, moderator, member } = await staffedGroup(t, api, { visibility: 'private' });
    const [ana, bruno] = await createDancers(t, 2);
    // The staff's own requests were answered while the group was staffed: start from a clean slate.
    for (const staff of [owner, admin, moderator, member])
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/notifications/read-all',
        headers: bearer(staff.token),
      });
    await api.join(group.id, ana);
    await api.join(group.id, ana);
    await api.join(group.id, bruno);
    for (const staff of [owner, admin, moderator]) {
      const asked = (await notificationsOf(staff)).filter((n) => n.type === 'group_request' && !n.read);
      expect(asked).toEqual([
        expect.objectContaining({ group: { id: group.id, name: group.name }, actorCount: 2 }),
      ]);
    }
    expect((await notificationsOf(member)).filter((n) => n.type === 'group_request' && !n.read)).toEqual([]);

    expect((await api.approve(group.id, ana.id, moderator)).statusCode).toBe(201);
    expect((await notificationsOf(ana)).map((n) => [n.type, n.group?.id])).toEqual([
      ['group_approved', group.id],
    ]);
    expect((await notificationsOf(bruno)).filter((n) => n.type === 'group_approved')).toEqual([]);
  });

  it('tells nobody when a public group takes a member at once', async () => {
    const owner = await createDancer(t);
    const group = await createGroup(api, owner);
    await api.join(group.id, await createDancer(t));
    expect((await notificationsOf(owner)).filter((n) => n.type.startsWith('group_'))).toEqual([]);
  });
});
