import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../../contract/auth.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser } from '../../../../test/helpers/auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function getMe(token: string | undefined) {
  return t.app.inject({ method: 'GET', url: '/api/v1/me', headers: token ? bearer(token) : {} });
}

function patchMe(token: string | undefined, payload: Record<string, unknown>) {
  return t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: token ? bearer(token) : {}, payload });
}

function errorOf(res: { json: <T>() => T }) {
  return res.json<ErrorEnvelope>().error;
}

function detailPaths(res: { json: <T>() => T }): string[] {
  return (errorOf(res).details ?? []).map((d) => d.path);
}

describe('GET /api/v1/me', () => {
  it('returns the own account with the private fields', async () => {
    const user = await registerUser(t.app, { city: 'Rosario', locale: 'en', roles: ['dancer', 'dj'] });
    const res = await getMe(user.accessToken);
    expect(res.statusCode).toBe(200);
    const me = res.json<{ data: Me }>().data;
    expect(me).toMatchObject({
      id: user.user.id,
      username: user.username,
      email: user.email,
      emailVerified: false,
      locale: 'en',
      showPresence: true,
      // Only people they follow and friends may start a conversation with a new dancer.
      directMessages: 'following',
      city: 'Rosario',
      roles: ['dancer', 'dj'],
    });
    expect(Object.keys(me).sort()).toEqual(
      [
        ...Object.keys(user.user),
        'email',
        'emailVerified',
        'locale',
        'showPresence',
        'directMessages',
      ].sort(),
    );
  });

  it('answers 401 UNAUTHENTICATED without a token', async () => {
    const res = await getMe(undefined);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });
});

describe('PATCH /api/v1/me', () => {
  it('updates every editable profile field and returns the result', async () => {
    const user = await registerUser(t.app);
    const changes = {
      displayName: 'Ana la Milonguera',
      bio: 'Vals, milonga y tango.',
      city: 'Montevideo',
      country: 'UY',
      languages: ['es', 'pt'],
      roles: ['teacher', 'dj'],
      leaderLevel: 2,
      followerLevel: 5,
      yearsDancing: 11,
      locale: 'en',
    };
    const res = await patchMe(user.accessToken, changes);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: Me }>().data).toMatchObject({ ...changes, id: user.user.id, email: user.email });
    expect((await getMe(user.accessToken)).json<{ data: Me }>().data).toMatchObject(changes);
  });

  it('leaves omitted fields as they were and clears a field set to null', async () => {
    const user = await registerUser(t.app, { city: 'Córdoba', country: 'AR', yearsDancing: 4 });
    const res = await patchMe(user.accessToken, { city: null });
    expect(res.statusCode).toBe(200);
    const me = res.json<{ data: Me }>().data;
    expect(me.city).toBeNull();
    expect(me.country).toBe('AR');
    expect(me.yearsDancing).toBe(4);
    expect(
      (await t.app.inject({ url: `/api/v1/users/${user.username}` })).json<{ data: Me }>().data.city,
    ).toBeNull();
  });

  it('sets who may start a conversation, to each of the three values in turn', async () => {
    const user = await registerUser(t.app);
    for (const directMessages of ['everyone', 'friends', 'following'] as const) {
      const res = await patchMe(user.accessToken, { directMessages });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ data: Me }>().data.directMessages).toBe(directMessages);
      expect((await getMe(user.accessToken)).json<{ data: Me }>().data.directMessages).toBe(directMessages);
    }
  });

  it('answers an empty change with the unchanged account', async () => {
    const user = await registerUser(t.app);
    const res = await patchMe(user.accessToken, {});
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: Me }>().data).toMatchObject({
      id: user.user.id,
      displayName: user.user.displayName,
    });
  });

  it.each([
    { email: 'new@example.test' },
    { username: 'someone_else' },
    { id: '00000000-0000-0000-0000-000000000000' },
  ])('refuses the field that may not be changed here: %j', async (payload) => {
    const user = await registerUser(t.app);
    const res = await patchMe(user.accessToken, payload);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    const [field] = Object.keys(payload);
    expect(errorOf(res).details).toEqual([{ path: 'body', message: `Unrecognized key: "${field}"` }]);
    const me = (await getMe(user.accessToken)).json<{ data: Me }>().data;
    expect(me).toMatchObject({ id: user.user.id, username: user.username, email: user.email });
  });

  it.each([
    [{ leaderLevel: 6 }, 'body.leaderLevel'],
    [{ followerLevel: -1 }, 'body.followerLevel'],
    [{ yearsDancing: 2.5 }, 'body.yearsDancing'],
    [{ country: 'ar' }, 'body.country'],
    [{ roles: ['astronaut'] }, 'body.roles.0'],
    [{ roles: ['dj', 'dj'] }, 'body.roles'],
    [{ languages: ['es', 'es'] }, 'body.languages'],
    [{ languages: ['spanish'] }, 'body.languages.0'],
    [{ displayName: '   ' }, 'body.displayName'],
    [{ locale: 'fr' }, 'body.locale'],
    [{ directMessages: 'nobody' }, 'body.directMessages'],
    [{ directMessages: null }, 'body.directMessages'],
    [{ directMessages: 'Everyone' }, 'body.directMessages'],
    [{ bio: 'x'.repeat(2001) }, 'body.bio'],
  ])('refuses %j with 400 at %s', async (payload, path) => {
    const user = await registerUser(t.app);
    const res = await patchMe(user.accessToken, payload);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(detailPaths(res)).toEqual([path]);
  });

  it('answers 401 without a token', async () => {
    const res = await patchMe(undefined, { displayName: 'Nadie' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });

  it("only ever changes the caller's own account", async () => {
    const alice = await registerUser(t.app, { displayName: 'Alicia', city: 'Salta' });
    const bob = await registerUser(t.app);
    const res = await patchMe(bob.accessToken, {
      displayName: 'Roberto',
      city: 'Mendoza',
      directMessages: 'friends',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: Me }>().data.id).toBe(bob.user.id);
    const aliceNow = (await getMe(alice.accessToken)).json<{ data: Me }>().data;
    expect(aliceNow).toMatchObject({
      displayName: 'Alicia',
      city: 'Salta',
      email: alice.email,
      directMessages: 'following',
    });
    expect((await getMe(bob.accessToken)).json<{ data: Me }>().data.email).toBe(bob.email);
  });
});
