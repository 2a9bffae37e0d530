import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PresenceState } from '../../contract/chat.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../test/helpers/auth.ts';
import { createSockets, listen, record } from '../../../test/helpers/sockets.ts';
import { insertFriendship } from '../../../test/helpers/social.ts';
import { userRoom } from './rooms.ts';

// To show that a presence event was NOT pushed, a later one (the marker) is awaited: someone else
// connecting, or the same dancer coming back.

let t: TestApp;
let url = '';
const sockets = createSockets();
const open = (user: RegisteredUser) => sockets.open(url, user.accessToken);

beforeAll(async () => {
  t = await createTestApp();
  url = await listen(t);
});
afterAll(async () => {
  sockets.closeAll();
  await t.close();
});

const befriend = (a: RegisteredUser, b: RegisteredUser) =>
  insertFriendship(t.database.db, a.user.id, b.user.id);

describe('presence', () => {
  it('tells friends when a dancer comes online and when their last socket goes, with the last-seen time', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    await befriend(ana, bruno);
    const brunoSocket = await open(bruno);
    const heard = record(brunoSocket, 'presence');
    const seen = heard.seen;
    const tab1 = await open(ana);
    const tab2 = await open(ana);
    await heard.until('heard Ana online twice', (s) => s.length >= 2);
    expect(seen.map((p) => p.online)).toEqual([true, true]);
    tab1.disconnect();
    // Once the server has let go of tab1, its disconnect handler has run (it would say "offline").
    await vi.waitFor(async () => {
      expect(await t.app.io.in(userRoom(ana.user.id)).fetchSockets()).toHaveLength(1);
    });
    tab2.disconnect();
    await heard.until('heard Ana offline', (s) => s.some((p) => !p.online));
    expect(seen).toHaveLength(3);
    expect(seen[2]).toMatchObject({ userId: ana.user.id, online: false });
    expect(seen[2]?.lastSeenAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const ack = await brunoSocket.emitWithAck('presence:get', { userIds: [ana.user.id] });
    expect(ack).toEqual({
      ok: true,
      data: { presence: [{ userId: ana.user.id, online: false, lastSeenAt: seen[2]?.lastSeenAt }] },
    });
    // Marker: Ana comes back; a second "offline" would have come before.
    await open(ana);
    await heard.until('heard Ana back', (s) => s.filter((p) => p.online).length >= 3);
    expect(seen.map((p) => p.online)).toEqual([true, true, false, true]);
  });

  it('shows nothing to someone who is not a friend', async () => {
    const [ana, stranger, friend] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!ana || !stranger || !friend) throw new Error('setup');
    await befriend(stranger, friend);
    const strangerSocket = await open(stranger);
    const heard = record(strangerSocket, 'presence');
    await open(ana);
    await open(friend);
    await heard.until('heard the friend', (s) => s.length >= 1);
    expect(heard.seen.map((p: PresenceState) => p.userId)).toEqual([friend.user.id]);
    const ack = await strangerSocket.emitWithAck('presence:get', { userIds: [ana.user.id] });
    expect(ack).toEqual({ ok: true, data: { presence: [] } });
  });

  it('reports a friend online, and nothing at all once they turn presence off', async () => {
    const [ana, bruno] = await Promise.all([registerUser(t.app), registerUser(t.app)]);
    await befriend(ana, bruno);
    await open(ana);
    const brunoSocket = await open(bruno);
    const online = await brunoSocket.emitWithAck('presence:get', { userIds: [ana.user.id] });
    expect(online).toEqual({
      ok: true,
      data: { presence: [{ userId: ana.user.id, online: true, lastSeenAt: null }] },
    });

    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer(ana.accessToken),
      payload: { showPresence: false },
    });
    expect(res.json<{ data: { showPresence: boolean } }>().data.showPresence).toBe(false);
    const carla = await registerUser(t.app);
    await befriend(bruno, carla);
    const heard = record(brunoSocket, 'presence');
    await open(ana);
    await open(carla);
    await heard.until('heard Carla', (s) => s.length >= 1);
    expect(heard.seen.map((p) => p.userId)).toEqual([carla.user.id]);
    const hidden = await brunoSocket.emitWithAck('presence:get', { userIds: [ana.user.id] });
    expect(hidden).toEqual({ ok: true, data: { presence: [] } });
  });

  it('rejects an invalid query', async () => {
    const ana = await registerUser(t.app);
    const socket = await open(ana);
    const ack = await socket.emitWithAck('presence:get', { userIds: ['not-a-uuid'] });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('VALIDATION_FAILED');
  });
});
