import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createFriendRequest } from '../../../../test/factories/relations.ts';
import { registerUser } from '../../../../test/helpers/auth.ts';
import type { FriendRequest } from './relations.schema.ts';
import {
  countsOf,
  createDancer,
  detailPaths,
  errorOf,
  profileOf,
  useRelationsApp,
  requestOf,
  type PageBody,
} from './relations.testing.ts';

const { t, api } = useRelationsApp();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const listRequests = (token: string | undefined, query = '') =>
  api.call('GET', `/friend-requests${query}`, token);

async function notificationTypes(userId: string) {
  const rows = await t.database.rows<{ type: string }>(
    sql`select type from notifications where user_id = ${userId} order by created_at`,
  );
  return rows.map((r) => r.type);
}

describe('POST /api/v1/users/:username/friend-request', () => {
  it('sends a request with the "we danced" note and notifies the recipient', async () => {
    const ana = await registerUser(t.app);
    const bruno = await createDancer(t);
    const body = { danced: true, where: 'La Viruta', when: '2025-03-14', message: '¡Qué lindo vals!' };
    const res = await api.befriend(ana.accessToken, bruno.username, body);
    expect(res.statusCode).toBe(201);
    const { id, createdAt, to, ...rest } = requestOf(res);
    expect(rest).toEqual({
      from: { id: ana.user.id, username: ana.username, displayName: ana.user.displayName, avatarUrl: null },
      ...body,
      status: 'pending',
      respondedAt: null,
    });
    expect(to).toMatchObject({ id: bruno.id, username: bruno.username });
    expect(id).toMatch(UUID);
    expect(createdAt).toMatch(ISO);
    expect(await notificationTypes(bruno.id)).toEqual(['friend_request']);
    expect(profileOf(await api.profile(bruno.token, ana.username)).relationship?.friendRequest).toBe(
      'incoming',
    );
    expect(profileOf(await api.profile(ana.accessToken, bruno.username)).relationship?.friendRequest).toBe(
      'outgoing',
    );
  });

  it('accepts an empty body: no note', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const res = await api.befriend(ana.token, bruno.username);
    expect(res.statusCode).toBe(201);
    expect(requestOf(res)).toMatchObject({ danced: false, where: null, when: null, message: null });
  });

  it('returns the open request unchanged (200) when asked again', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const first = requestOf(await api.befriend(ana.token, bruno.username, { message: 'Hola' }));
    const again = await api.befriend(ana.token, bruno.username, { message: 'Otra vez' });
    expect(again.statusCode).toBe(200);
    expect(requestOf(again)).toEqual(first);
    const rows = await t.database.rows<{ n: number }>(
      sql`select count(*)::int as n from friend_requests where from_user_id = ${ana.id}`,
    );
    expect(rows[0]?.n).toBe(1);
    expect(await notificationTypes(bruno.id)).toEqual(['friend_request']);
  });

  it('accepts theirs when the other dancer had already asked you', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const theirs = requestOf(await api.befriend(bruno.token, ana.username, { danced: true }));
    const res = await api.befriend(ana.token, bruno.username, { message: 'ignored' });
    expect(res.statusCode).toBe(200);
    expect(requestOf(res)).toMatchObject({
      id: theirs.id,
      from: { id: bruno.id },
      to: { id: ana.id },
      status: 'accepted',
    });
    expect(requestOf(res).respondedAt).toMatch(ISO);
    for (const [me, other] of [
      [ana, bruno],
      [bruno, ana],
    ] as const) {
      expect(profileOf(await api.profile(me.token, other.username)).relationship).toMatchObject({
        friends: true,
        friendRequest: null,
      });
      expect(await countsOf(t, me.id)).toMatchObject({ friends: 1 });
    }
    expect(await notificationTypes(bruno.id)).toEqual(['friend_accepted']);
  });

  it('answers 409 CONFLICT when you are friends already', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const request = requestOf(await api.befriend(ana.token, bruno.username));
    await api.accept(bruno.token, request.id);
    for (const [me, other] of [
      [ana, bruno],
      [bruno, ana],
    ] as const) {
      const res = await api.befriend(me.token, other.username);
      expect(res.statusCode).toBe(409);
      expect(errorOf(res).code).toBe('CONFLICT');
    }
    expect(await countsOf(t, ana.id)).toMatchObject({ friends: 1 });
  });

  it('refuses yourself with 400 at params.username, and answers 401 and 404', async () => {
    const ana = await createDancer(t);
    const self = await api.befriend(ana.token, ana.username);
    expect(self.statusCode).toBe(400);
    expect(detailPaths(self)).toEqual(['params.username']);
    expect((await api.befriend(undefined, ana.username)).statusCode).toBe(401);
    expect((await api.befriend(ana.token, 'nobody_dances_here')).statusCode).toBe(404);
  });

  it.each([
    [{ where: 'x'.repeat(201) }, 'body.where'],
    [{ where: '   ' }, 'body.where'],
    [{ when: '14/03/2025' }, 'body.when'],
    [{ when: '2025-02-30' }, 'body.when'],
    [{ when: '2999-01-01' }, 'body.when'],
    [{ message: 'x'.repeat(501) }, 'body.message'],
    [{ danced: 'yes' }, 'body.danced'],
  ])('refuses %j with 400 at %s', async (payload, path) => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const res = await api.befriend(ana.token, bruno.username, payload);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual([path]);
  });

  it('refuses an unknown field', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const res = await api.befriend(ana.token, bruno.username, { status: 'accepted' });
    expect(res.statusCode).toBe(400);
    expect(detailPaths(res)).toEqual(['body']);
  });
});

describe('POST /api/v1/friend-requests/:id/accept and /decline', () => {
  it('accepts: friends on both sides, counts, the sender notified', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const request = requestOf(await api.befriend(ana.token, bruno.username));
    const res = await api.accept(bruno.token, request.id);
    expect(res.statusCode).toBe(200);
    expect(requestOf(res)).toMatchObject({ id: request.id, status: 'accepted' });
    expect(requestOf(res).respondedAt).toMatch(ISO);
    expect(await countsOf(t, ana.id)).toEqual({ followers: 0, following: 0, friends: 1 });
    expect(await countsOf(t, bruno.id)).toEqual({ followers: 0, following: 0, friends: 1 });
    const friendsOfAna = await api.call('GET', `/users/${ana.username}/friends`);
    const friendsOfBruno = await api.call('GET', `/users/${bruno.username}/friends`);
    expect(friendsOfAna.json<PageBody<{ id: string }>>().data.map((u) => u.id)).toEqual([bruno.id]);
    expect(friendsOfBruno.json<PageBody<{ id: string }>>().data.map((u) => u.id)).toEqual([ana.id]);
    expect(await notificationTypes(ana.id)).toEqual(['friend_accepted']);
  });

  it('declines: no friendship, and the request is no longer listed', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const request = requestOf(await api.befriend(ana.token, bruno.username));
    const res = await api.decline(bruno.token, request.id);
    expect(res.statusCode).toBe(200);
    expect(requestOf(res).status).toBe('declined');
    expect(await countsOf(t, bruno.id)).toMatchObject({ friends: 0 });
    expect((await listRequests(bruno.token)).json<PageBody<FriendRequest>>().data).toEqual([]);
    expect(await notificationTypes(ana.id)).toEqual([]);
    // Once declined, the sender may ask again.
    expect((await api.befriend(ana.token, bruno.username)).statusCode).toBe(201);
  });

  it('answers 409 for a request that is no longer pending', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const request = requestOf(await api.befriend(ana.token, bruno.username));
    expect((await api.accept(bruno.token, request.id)).statusCode).toBe(200);
    for (const res of [
      await api.accept(bruno.token, request.id),
      await api.decline(bruno.token, request.id),
    ]) {
      expect(res.statusCode).toBe(409);
      expect(errorOf(res).code).toBe('CONFLICT');
    }
    expect((await api.cancel(ana.token, request.id)).statusCode).toBe(409);
    expect(await countsOf(t, bruno.id)).toMatchObject({ friends: 1 });
  });

  it("answers 404 for someone else's request and for an unknown id", async () => {
    const [ana, bruno, carla] = [await createDancer(t), await createDancer(t), await createDancer(t)];
    const request = requestOf(await api.befriend(ana.token, bruno.username));
    for (const res of [
      await api.accept(carla.token, request.id),
      await api.decline(carla.token, request.id),
      await api.cancel(carla.token, request.id),
      await api.accept(bruno.token, randomUUID()),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: 'Friend request not found.' });
    }
    expect((await listRequests(bruno.token)).json<PageBody<FriendRequest>>().data).toHaveLength(1);
  });

  it('answers 403 when the sender tries to answer their own request, or the recipient to withdraw it', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const request = requestOf(await api.befriend(ana.token, bruno.username));
    for (const res of [
      await api.accept(ana.token, request.id),
      await api.decline(ana.token, request.id),
      await api.cancel(bruno.token, request.id),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
    }
    expect(await countsOf(t, ana.id)).toMatchObject({ friends: 0 });
  });

  it('answers 401 without a token and 400 at params.id for a malformed id', async () => {
    const ana = await createDancer(t);
    expect((await api.accept(undefined, randomUUID())).statusCode).toBe(401);
    const res = await api.accept(ana.token, 'not-a-uuid');
    expect(res.statusCode).toBe(400);
    expect(detailPaths(res)).toEqual(['params.id']);
  });
});

describe('DELETE /api/v1/friend-requests/:id', () => {
  it('withdraws a request the caller sent', async () => {
    const [ana, bruno] = [await createDancer(t), await createDancer(t)];
    const request = requestOf(await api.befriend(ana.token, bruno.username));
    const res = await api.cancel(ana.token, request.id);
    expect(res.statusCode).toBe(204);
    expect((await listRequests(bruno.token)).json<PageBody<FriendRequest>>().data).toEqual([]);
    expect(
      (await listRequests(ana.token, '?direction=outgoing')).json<PageBody<FriendRequest>>().data,
    ).toEqual([]);
    expect((await api.accept(bruno.token, request.id)).statusCode).toBe(409);
  });
});

describe('GET /api/v1/friend-requests', () => {
  it('lists open incoming (default) and outgoing requests, newest first, in pages', async () => {
    const me = await createDancer(t);
    const base = Date.parse('2025-05-01T22:00:00.000Z');
    const incoming: string[] = [];
    for (let i = 0; i < 3; i++) {
      const from = await createDancer(t);
      const row = await createFriendRequest(t.database.db, from.id, me.id, {
        createdAt: new Date(base + i * 1000),
        danced: true,
        dancedWhere: 'Salón Canning',
      });
      incoming.push(row.id);
    }
    const answered = await createDancer(t);
    await createFriendRequest(t.database.db, answered.id, me.id, { status: 'declined' });
    const to = await createDancer(t);
    const outgoing = await createFriendRequest(t.database.db, me.id, to.id);

    const page1 = (await listRequests(me.token, '?limit=2')).json<PageBody<FriendRequest>>();
    expect(page1.data.map((r) => r.id)).toEqual([incoming[2], incoming[1]]);
    expect(page1.data[0]).toMatchObject({ to: { id: me.id }, danced: true, where: 'Salón Canning' });
    expect(page1.meta.hasMore).toBe(true);
    const page2 = (
      await listRequests(me.token, `?direction=incoming&limit=2&cursor=${page1.meta.nextCursor ?? ''}`)
    ).json<PageBody<FriendRequest>>();
    expect(page2.data.map((r) => r.id)).toEqual([incoming[0]]);
    expect(page2.meta).toEqual({ nextCursor: null, hasMore: false });

    const sent = (await listRequests(me.token, '?direction=outgoing')).json<PageBody<FriendRequest>>();
    expect(sent.data.map((r) => [r.id, r.from.id, r.to.id])).toEqual([[outgoing.id, me.id, to.id]]);
  });

  it('answers 401 without a token and 400 for an unknown direction', async () => {
    const ana = await createDancer(t);
    expect((await listRequests(undefined)).statusCode).toBe(401);
    const res = await listRequests(ana.token, '?direction=sideways');
    expect(res.statusCode).toBe(400);
    expect(detailPaths(res)).toEqual(['query.direction']);
  });
});
