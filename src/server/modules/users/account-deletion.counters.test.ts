import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Memory } from '../../../contract/social.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { findCounterDrift } from '../../../../test/helpers/counters.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function call(user: RegisteredUser, method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const res = await t.app.inject({
    method,
    url,
    headers: bearer(user.accessToken),
    ...(payload ? { payload } : {}),
  });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}

describe('deleting an account', () => {
  it("takes the account's follows, friendships, comments, reactions and likes off everyone else's counts", async () => {
    const [leaving, ana, bruno] = await Promise.all([1, 2, 3].map(() => registerUser(t.app)));
    if (!leaving || !ana || !bruno) throw new Error('setup');
    const memory = (await call(ana, 'POST', '/api/v1/memories', { body: 'Milonga del sábado' })).json<{
      data: Memory;
    }>().data;
    const m = `/api/v1/memories/${memory.id}`;

    await call(leaving, 'PUT', `/api/v1/users/${ana.username}/follow`);
    await call(bruno, 'PUT', `/api/v1/users/${leaving.username}/follow`);
    const request = (await call(leaving, 'POST', `/api/v1/users/${bruno.username}/friend-request`, {})).json<{
      data: { id: string };
    }>().data;
    await call(bruno, 'POST', `/api/v1/friend-requests/${request.id}/accept`);

    await call(leaving, 'PUT', `${m}/reactions/like`);
    await call(leaving, 'PUT', `${m}/reactions/abrazo`);
    await call(bruno, 'PUT', `${m}/reactions/like`);
    const own = (await call(leaving, 'POST', `${m}/comments`, { body: 'Qué noche' })).json<{
      data: Comment;
    }>().data;
    await call(bruno, 'POST', `${m}/comments`, { body: 'Sí', parentId: own.id });
    const brunos = (await call(bruno, 'POST', `${m}/comments`, { body: 'Gran DJ' })).json<{ data: Comment }>()
      .data;
    await call(leaving, 'POST', `${m}/comments`, { body: 'De acuerdo', parentId: brunos.id });
    await call(leaving, 'PUT', `/api/v1/comments/${brunos.id}/reactions/like`);
    expect(await findCounterDrift(t.database)).toEqual([]);

    const res = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      headers: bearer(leaving.accessToken),
      payload: { password: leaving.password },
    });
    expect(res.statusCode).toBe(204);
    expect(await findCounterDrift(t.database)).toEqual([]);

    const after = (await t.app.inject({ url: m, headers: bearer(ana.accessToken) })).json<{ data: Memory }>()
      .data;
    expect(after.commentCount).toBe(1);
    expect(after.reactionCounts).toMatchObject({ like: 1, abrazo: 0 });
  });
});
