import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../contract/reports.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createComment } from '../../../../test/factories/comments.ts';
import { createMemory } from '../../../../test/factories/memories.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { blocks } from '../../db/schema/index.ts';
import { setStaffRole } from './staff.repo.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function report(user: RegisteredUser | undefined, payload: Record<string, unknown>) {
  const headers = user ? bearer(user.accessToken) : {};
  return t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload });
}

function errorOf(res: { json: <T>() => T }) {
  return res.json<ErrorEnvelope>().error;
}

describe('POST /api/v1/reports', () => {
  it('files a report on a visible memory and answers with the reporter view', async () => {
    const me = await registerUser(t.app);
    const author = await createUser(t.database.db);
    const memory = await createMemory(t.database.db, { authorId: author.id });
    const res = await report(me, {
      targetType: 'memory',
      targetId: memory.id,
      reason: 'spam',
      details: '  Sells fake shoes.  ',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ data: Report }>().data;
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(body).toEqual({
      id: body.id,
      targetType: 'memory',
      targetId: memory.id,
      reason: 'spam',
      details: 'Sells fake shoes.',
      status: 'open',
      createdAt: body.createdAt,
    });
  });

  it('files reports on a comment and on a user, details optional', async () => {
    const me = await registerUser(t.app);
    const author = await createUser(t.database.db);
    const memory = await createMemory(t.database.db, { authorId: author.id });
    const comment = await createComment(t.database.db, { memoryId: memory.id, authorId: author.id });

    const onComment = await report(me, { targetType: 'comment', targetId: comment.id, reason: 'harassment' });
    expect(onComment.statusCode, onComment.body).toBe(201);
    expect(onComment.json<{ data: Report }>().data).toMatchObject({ targetId: comment.id, details: '' });

    const onUser = await report(me, { targetType: 'user', targetId: author.id, reason: 'impersonation' });
    expect(onUser.statusCode, onUser.body).toBe(201);
    expect(onUser.json<{ data: Report }>().data).toMatchObject({ targetType: 'user', targetId: author.id });
  });

  it('returns the open report instead of filing the same one twice', async () => {
    const me = await registerUser(t.app);
    const other = await registerUser(t.app);
    const target = await createUser(t.database.db);
    const payload = { targetType: 'user', targetId: target.id, reason: 'spam' };
    const first = await report(me, payload);
    expect(first.statusCode).toBe(201);
    const again = await report(me, { ...payload, reason: 'other', details: 'Still at it.' });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ data: Report }>().data).toEqual(first.json<{ data: Report }>().data);
    // Someone else's report on the same target is their own.
    const theirs = await report(other, payload);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<{ data: Report }>().data.id).not.toBe(first.json<{ data: Report }>().data.id);
  });

  it('files a new report once the previous one was closed', async () => {
    const me = await registerUser(t.app);
    const moderator = await registerUser(t.app);
    await setStaffRole(t.database.db, moderator.username, 'moderator');
    const target = await createUser(t.database.db);
    const payload = { targetType: 'user', targetId: target.id, reason: 'spam' };
    const first = (await report(me, payload)).json<{ data: Report }>().data;
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${first.id}/resolve`,
      headers: bearer(moderator.accessToken),
      payload: { status: 'dismissed' },
    });
    expect(closed.statusCode).toBe(200);
    const second = await report(me, payload);
    expect(second.statusCode).toBe(201);
    expect(second.json<{ data: Report }>().data.id).not.toBe(first.id);
  });

  it('answers 404 for targets that do not exist or that the reporter cannot see', async () => {
    const me = await registerUser(t.app);
    const author = await createUser(t.database.db);
    const blocker = await createUser(t.database.db);
    const hidden = await createMemory(t.database.db, { authorId: author.id, visibility: 'private' });
    const friendsOnly = await createMemory(t.database.db, { authorId: author.id, visibility: 'friends' });
    const byBlocker = await createMemory(t.database.db, { authorId: blocker.id });
    const hiddenComment = await createComment(t.database.db, { memoryId: hidden.id, authorId: author.id });
    const open = await createMemory(t.database.db, { authorId: author.id });
    const blockersComment = await createComment(t.database.db, { memoryId: open.id, authorId: blocker.id });
    await t.database.db.insert(blocks).values({ blockerId: blocker.id, blockedId: me.user.id });

    const cases: [string, string, string][] = [
      ['memory', randomUUID(), 'Memory'],
      ['memory', hidden.id, 'Memory'],
      ['memory', friendsOnly.id, 'Memory'],
      ['memory', byBlocker.id, 'Memory'],
      ['comment', randomUUID(), 'Comment'],
      ['comment', hiddenComment.id, 'Comment'],
      ['comment', blockersComment.id, 'Comment'],
      ['user', randomUUID(), 'User'],
      // The right id under the wrong type.
      ['comment', open.id, 'Comment'],
    ];
    for (const [targetType, targetId, what] of cases) {
      const res = await report(me, { targetType, targetId, reason: 'other' });
      expect(res.statusCode, `${targetType} ${targetId}`).toBe(404);
      expect(errorOf(res)).toMatchObject({ code: 'NOT_FOUND', message: `${what} not found.` });
    }
  });

  it('lets a blocked dancer still be reported as a user', async () => {
    const me = await registerUser(t.app);
    const harasser = await createUser(t.database.db);
    await t.database.db.insert(blocks).values({ blockerId: me.user.id, blockedId: harasser.id });
    const res = await report(me, { targetType: 'user', targetId: harasser.id, reason: 'harassment' });
    expect(res.statusCode).toBe(201);
  });

  it('refuses a report on yourself or on what you posted at body.targetId', async () => {
    const me = await registerUser(t.app);
    const mine = await createMemory(t.database.db, { authorId: me.user.id, visibility: 'private' });
    const myComment = await createComment(t.database.db, { memoryId: mine.id, authorId: me.user.id });
    for (const [targetType, targetId] of [
      ['user', me.user.id],
      ['memory', mine.id],
      ['comment', myComment.id],
    ]) {
      const res = await report(me, { targetType, targetId, reason: 'spam' });
      expect(res.statusCode, String(targetType)).toBe(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      expect(errorOf(res).details?.map((d) => d.path)).toEqual(['body.targetId']);
    }
  });

  it.each([
    [{ targetType: 'event', targetId: randomUUID(), reason: 'spam' }, 'body.targetType'],
    [{ targetType: 'user', targetId: 'ana', reason: 'spam' }, 'body.targetId'],
    [{ targetType: 'user', targetId: randomUUID(), reason: 'boring' }, 'body.reason'],
    [{ targetType: 'user', targetId: randomUUID() }, 'body.reason'],
    [
      { targetType: 'user', targetId: randomUUID(), reason: 'other', details: 'x'.repeat(1001) },
      'body.details',
    ],
  ])('refuses %j with 400 at %s', async (payload, path) => {
    const me = await registerUser(t.app);
    const res = await report(me, payload);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(errorOf(res).details?.map((d) => d.path)).toEqual([path]);
  });

  it('answers 401 without a token', async () => {
    const res = await report(undefined, { targetType: 'user', targetId: randomUUID(), reason: 'spam' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });
});
