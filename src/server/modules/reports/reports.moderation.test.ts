import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeratedReport, Report } from '../../../contract/reports.ts';
import { createManualClock, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { createUser } from '../../../../test/factories/users.ts';
import { findStaffRole, setStaffRole } from './staff.repo.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

interface ListBody {
  data: ModeratedReport[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

let t: TestApp;
const clock = createManualClock(new Date('2025-05-02T23:30:00.000Z'));
let moderator: RegisteredUser;
let admin: RegisteredUser;
let dancer: RegisteredUser;

beforeAll(async () => {
  t = await createTestApp({ clock });
  [moderator, admin, dancer] = [
    await registerUser(t.app),
    await registerUser(t.app),
    await registerUser(t.app),
  ];
  await setStaffRole(t.database.db, moderator.username, 'moderator');
  await setStaffRole(t.database.db, admin.username.toUpperCase(), 'admin');
});
afterAll(() => t.close());

/** A fresh report by a fresh reporter on a fresh user. */
async function fileReport(reason = 'spam'): Promise<{ report: Report; reporter: RegisteredUser }> {
  const reporter = await registerUser(t.app);
  const target = await createUser(t.database.db);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: bearer(reporter.accessToken),
    payload: { targetType: 'user', targetId: target.id, reason },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { report: res.json<{ data: Report }>().data, reporter };
}

function list(user: RegisteredUser | undefined, query: Record<string, string> = {}) {
  return t.app.inject({ url: '/api/v1/reports', query, headers: user ? bearer(user.accessToken) : {} });
}

function resolve(user: RegisteredUser | undefined, id: string, payload: Record<string, unknown>) {
  const headers = user ? bearer(user.accessToken) : {};
  return t.app.inject({ method: 'POST', url: `/api/v1/reports/${id}/resolve`, headers, payload });
}

/** Every report of a status, following cursors. */
async function listAll(user: RegisteredUser, status: string): Promise<ModeratedReport[]> {
  const all: ModeratedReport[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(user, { status, limit: '100', ...(cursor ? { cursor } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    const body: ListBody = res.json<ListBody>();
    all.push(...body.data);
    cursor = body.meta.nextCursor;
  } while (cursor);
  return all;
}

function errorOf(res: { json: <T>() => T }) {
  return res.json<ErrorEnvelope>().error;
}

describe('GET /api/v1/reports', () => {
  it('shows moderators the open queue oldest first, with the reporter', async () => {
    const older = await fileReport('spam');
    const newer = await fileReport('harassment');
    const queue = await listAll(moderator, 'open');
    const ids = queue.map((r) => r.id);
    expect(ids.indexOf(older.report.id)).toBeLessThan(ids.indexOf(newer.report.id));
    expect(queue.find((r) => r.id === older.report.id)).toEqual({
      ...older.report,
      reporter: {
        id: older.reporter.user.id,
        username: older.reporter.username,
        displayName: older.reporter.user.displayName,
        avatarUrl: null,
      },
      resolvedBy: null,
      resolutionNote: null,
      resolvedAt: null,
    });
    // Without ?status the queue is the open one.
    const res = await list(moderator);
    expect(res.json<ListBody>().data.every((r) => r.status === 'open')).toBe(true);
  });

  it('pages the queue without repeating or skipping', async () => {
    for (let i = 0; i < 3; i++) await fileReport();
    const everything = await listAll(admin, 'open');
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(admin, { limit: '2', ...(cursor ? { cursor } : {}) });
      const body: ListBody = res.json<ListBody>();
      expect(body.data.length).toBeLessThanOrEqual(2);
      paged.push(...body.data.map((r) => r.id));
      cursor = body.meta.nextCursor;
    } while (cursor);
    expect(paged).toEqual(everything.map((r) => r.id));
  });

  it('lists closed reports newest first', async () => {
    const first = await fileReport();
    const second = await fileReport();
    expect((await resolve(moderator, first.report.id, { status: 'dismissed' })).statusCode).toBe(200);
    expect((await resolve(moderator, second.report.id, { status: 'dismissed' })).statusCode).toBe(200);
    const ids = (await listAll(moderator, 'dismissed')).map((r) => r.id);
    expect(ids.indexOf(second.report.id)).toBeLessThan(ids.indexOf(first.report.id));
    expect((await listAll(moderator, 'open')).map((r) => r.id)).not.toContain(first.report.id);
  });

  it('answers 403 FORBIDDEN to a dancer without a staff role', async () => {
    const res = await list(dancer);
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe('FORBIDDEN');
  });

  it('takes a revoked role away at once, without a new token', async () => {
    const former = await registerUser(t.app);
    await setStaffRole(t.database.db, former.username, 'moderator');
    expect((await list(former)).statusCode).toBe(200);
    await setStaffRole(t.database.db, former.username, null);
    expect(await findStaffRole(t.database.db, former.user.id)).toEqual({ staffRole: null });
    expect((await list(former)).statusCode).toBe(403);
  });

  it('answers 401 without a token', async () => {
    const res = await list(undefined);
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });

  it.each([
    [{ status: 'pending' }, 'query.status'],
    [{ cursor: 'garbage' }, 'query.cursor'],
    [{ limit: '0' }, 'query.limit'],
  ])('refuses %j with 400 at %s', async (query, path) => {
    const res = await list(moderator, query);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(errorOf(res).details?.map((d) => d.path)).toEqual([path]);
  });
});

describe('POST /api/v1/reports/:id/resolve', () => {
  it('closes an open report with the moderator and the note, and the reporter sees the outcome', async () => {
    const { report, reporter } = await fileReport();
    clock.advance(5_000);
    const res = await resolve(moderator, report.id, { status: 'resolved', note: ' Removed the memory. ' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ data: ModeratedReport }>().data).toMatchObject({
      id: report.id,
      status: 'resolved',
      resolvedBy: { id: moderator.user.id, username: moderator.username },
      resolutionNote: 'Removed the memory.',
      resolvedAt: clock.now().toISOString(),
    });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: bearer(reporter.accessToken),
      payload: { targetType: report.targetType, targetId: report.targetId, reason: 'spam' },
    });
    expect(again.statusCode).toBe(201);
  });

  it('answers 409 CONFLICT when the report is already closed', async () => {
    const { report } = await fileReport();
    expect((await resolve(admin, report.id, { status: 'dismissed' })).statusCode).toBe(200);
    const res = await resolve(moderator, report.id, { status: 'resolved' });
    expect(res.statusCode).toBe(409);
    expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', message: 'This report is already dismissed.' });
    const [closed] = (await listAll(admin, 'dismissed')).filter((r) => r.id === report.id);
    expect(closed?.resolvedBy?.id).toBe(admin.user.id);
  });

  it('answers 404 for an unknown report', async () => {
    const res = await resolve(moderator, randomUUID(), { status: 'resolved' });
    expect(res.statusCode).toBe(404);
    expect(errorOf(res).code).toBe('NOT_FOUND');
  });

  it('answers 403 to a dancer, even the reporter, and leaves the report open', async () => {
    const { report, reporter } = await fileReport();
    for (const user of [dancer, reporter]) {
      const res = await resolve(user, report.id, { status: 'dismissed' });
      expect(res.statusCode).toBe(403);
      expect(errorOf(res).code).toBe('FORBIDDEN');
    }
    expect((await listAll(moderator, 'open')).map((r) => r.id)).toContain(report.id);
  });

  it('answers 401 without a token', async () => {
    const res = await resolve(undefined, randomUUID(), { status: 'resolved' });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['not-a-uuid', { status: 'resolved' }, 'params.id'],
    [randomUUID(), { status: 'open' }, 'body.status'],
    [randomUUID(), {}, 'body.status'],
    [randomUUID(), { status: 'resolved', note: 'x'.repeat(1001) }, 'body.note'],
  ])('refuses id %s with %j at %s', async (id, payload, path) => {
    const res = await resolve(moderator, id, payload);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    expect(errorOf(res).details?.map((d) => d.path)).toEqual([path]);
  });
});
