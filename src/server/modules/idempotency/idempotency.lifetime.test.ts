import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { registerUser } from '../../../../test/helpers/auth.ts';
import { createTestDatabase } from '../../../../test/helpers/db.ts';
import type { DatabaseHandle } from '../../db/client.ts';
import { idempotencyKeys } from '../../db/schema/index.ts';
import { createIdempotencyService, KEY_LIFETIME_MS } from './idempotency.service.ts';
import { codeOf, IDEMPOTENT_ROUTES, idOf, postAs, signInAgain } from './idempotency.testing.ts';

// Two instances on one database, sharing a clock the tests move.
const clock = createManualClock();
let database: DatabaseHandle;
let one: TestApp;
let two: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  one = await createTestApp({ database, clock });
  two = await createTestApp({ database, clock });
});
afterAll(async () => {
  await one.app.close();
  await two.app.close();
  await database.close();
});

describe.each(IDEMPOTENT_ROUTES)('$name across instances and time', (route) => {
  it('replays on one instance the first answer another instance gave', async () => {
    const user = await registerUser(one.app);
    const use = await route.prepare(database.db, user);
    const body = await use.nextBody();
    const key = randomUUID();
    const first = await postAs(one.app, user, use.url, body, key);
    expect(first.statusCode).toBe(201);
    const retry = await postAs(two.app, user, use.url, body, key);
    expect([retry.statusCode, retry.body]).toEqual([201, first.body]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await use.count()).toBe(1);
  });

  it('treats a key older than 24 hours as new', async () => {
    const user = await registerUser(one.app);
    const use = await route.prepare(database.db, user);
    const key = randomUUID();
    const first = await postAs(one.app, user, use.url, await use.nextBody(), key);
    expect(first.statusCode).toBe(201);

    clock.advance(KEY_LIFETIME_MS - 1000);
    const late = await postAs(two.app, await signInAgain(two.app, user), use.url, await use.nextBody(), key);
    expect(codeOf(late)).toBe('IDEMPOTENCY_MISMATCH');

    clock.advance(1001);
    const fresh = await postAs(two.app, await signInAgain(two.app, user), use.url, await use.nextBody(), key);
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(idOf(fresh)).not.toBe(idOf(first));
    expect(await use.count()).toBe(2);
  });
});

describe('purging expired keys', () => {
  it('deletes keys past 24 hours and keeps younger ones', async () => {
    const user = await registerUser(one.app);
    const [memories] = IDEMPOTENT_ROUTES;
    if (!memories) throw new Error('the route table changed');
    const use = await memories.prepare(database.db, user);
    const [oldKey, newKey] = [randomUUID(), randomUUID()];
    expect((await postAs(one.app, user, use.url, await use.nextBody(), oldKey)).statusCode).toBe(201);
    clock.advance(KEY_LIFETIME_MS / 2);
    const later = await signInAgain(one.app, user);
    expect((await postAs(one.app, later, use.url, await use.nextBody(), newKey)).statusCode).toBe(201);
    clock.advance(KEY_LIFETIME_MS / 2 + 1);

    const purged = await createIdempotencyService({ db: database.db, clock }).purgeExpired();
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await database.db
      .select({ key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.userId, user.user.id));
    expect(left).toEqual([{ key: newKey }]);
  });
});
