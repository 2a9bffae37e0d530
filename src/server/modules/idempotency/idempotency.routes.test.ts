import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestApp } from '../../../../test/helpers/app.ts';
import { registerUser } from '../../../../test/helpers/auth.ts';
import { insertBlock } from '../../../../test/helpers/social.ts';
import { blocks, idempotencyKeys } from '../../db/schema/index.ts';
import { codeOf, createContact, IDEMPOTENT_ROUTES, idOf, postAs } from './idempotency.testing.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

const t = useTestApp();

const openApiSchema = z.object({
  paths: z.record(
    z.string(),
    z.looseObject({
      post: z
        .looseObject({
          parameters: z
            .array(
              z.looseObject({
                in: z.string(),
                name: z.string(),
                required: z.boolean().optional(),
                description: z.string().optional(),
              }),
            )
            .optional(),
        })
        .optional(),
    }),
  ),
});

const keyRows = (userId: string) =>
  t.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.userId, userId));

describe.each(IDEMPOTENT_ROUTES)('$name with an Idempotency-Key', (route) => {
  async function setUp() {
    const user = await registerUser(t.app);
    return { user, use: await route.prepare(t.database.db, user) };
  }

  it('answers a retry with the first status and body and creates nothing new', async () => {
    const { user, use } = await setUp();
    const body = await use.nextBody();
    const key = randomUUID();
    const first = await postAs(t.app, user, use.url, body, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    const retry = await postAs(t.app, user, use.url, body, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await use.count()).toBe(1);
  });

  it('hashes the body by value, not by the order of its fields', async () => {
    const { user, use } = await setUp();
    const body = await use.nextBody();
    const key = randomUUID();
    const first = await postAs(t.app, user, use.url, body, key);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await postAs(t.app, user, use.url, reordered, key);
    expect(retry.statusCode).toBe(first.statusCode);
    expect(retry.body).toBe(first.body);
    expect(await use.count()).toBe(1);
  });

  it('refuses the same key with another body (409 IDEMPOTENCY_MISMATCH)', async () => {
    const { user, use } = await setUp();
    const key = randomUUID();
    expect((await postAs(t.app, user, use.url, await use.nextBody(), key)).statusCode).toBe(201);
    const other = await postAs(t.app, user, use.url, await use.nextBody(), key);
    expect(other.statusCode).toBe(409);
    expect(codeOf(other)).toBe('IDEMPOTENCY_MISMATCH');
    expect(await use.count()).toBe(1);
  });

  it('keeps keys per dancer: another dancer with the same key creates their own', async () => {
    const [a, b] = [await setUp(), await setUp()];
    const key = randomUUID();
    const resA = await postAs(t.app, a.user, a.use.url, await a.use.nextBody(), key);
    const resB = await postAs(t.app, b.user, b.use.url, await b.use.nextBody(), key);
    expect([resA.statusCode, resB.statusCode]).toEqual([201, 201]);
    expect(idOf(resA)).not.toBe(idOf(resB));
    expect([await a.use.count(), await b.use.count()]).toEqual([1, 1]);
  });

  it('behaves as before without a key', async () => {
    const { user, use } = await setUp();
    const body = await use.nextBody();
    const first = await postAs(t.app, user, use.url, body);
    const second = await postAs(t.app, user, use.url, body);
    expect(first.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    if (route.createsTwiceWithoutKey) {
      expect(second.statusCode).toBe(201);
      expect(idOf(second)).not.toBe(idOf(first));
      expect(await use.count()).toBe(2);
    } else {
      expect(second.statusCode).toBe(200);
      expect(await use.count()).toBe(1);
    }
    expect(await keyRows(user.user.id)).toEqual([]);
  });

  it.each([
    ['an empty key', ''],
    ['a key of 256 characters', 'k'.repeat(256)],
    ['a key with a character outside ASCII', 'clé-de-milonga'],
  ])('refuses %s (400 naming headers.idempotency-key)', async (_name, key) => {
    const { user, use } = await setUp();
    const res = await postAs(t.app, user, use.url, await use.nextBody(), key);
    expect(res.statusCode).toBe(400);
    const { error } = res.json<ErrorEnvelope>();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details?.map((d) => d.path)).toEqual(['headers.idempotency-key']);
    expect(await use.count()).toBe(0);
  });

  it('accepts a key of 255 printable characters', async () => {
    const { user, use } = await setUp();
    const key = `${randomUUID()} ~!@#$%^&*()`.padEnd(255, 'x');
    const body = await use.nextBody();
    const first = await postAs(t.app, user, use.url, body, key);
    expect(first.statusCode).toBe(201);
    const retry = await postAs(t.app, user, use.url, body, key);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await use.count()).toBe(1);
  });

  it('answers 401 without a token and keeps no key', async () => {
    const { user, use } = await setUp();
    const res = await postAs(t.app, null, use.url, await use.nextBody(), randomUUID());
    expect(res.statusCode).toBe(401);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(await keyRows(user.user.id)).toEqual([]);
  });

  it('declares the optional header, with a description, in the OpenAPI document', async () => {
    const doc = openApiSchema.parse((await t.app.inject({ url: '/api/openapi.json' })).json());
    const header = doc.paths[route.openApiPath]?.post?.parameters?.find(
      (p) => p.in === 'header' && p.name === 'idempotency-key',
    );
    expect(header?.required).toBe(false);
    expect(header?.description).toContain('24 hours');
  });

  it('creates once when the same key arrives three times at once', async () => {
    const { user, use } = await setUp();
    const body = await use.nextBody();
    const key = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => postAs(t.app, user, use.url, body, key)));
    const created = results.filter((r) => r.statusCode === 201);
    const busy = results.filter((r) => r.statusCode === 409);
    expect(created.length + busy.length, results.map((r) => r.body).join('\n')).toBe(3);
    expect(new Set(created.map((r) => r.body)).size).toBe(1);
    for (const res of busy) {
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.headers['retry-after']).toBe('1');
    }
    expect(await use.count()).toBe(1);
    // Once the first is done, a retry gets its answer.
    const retry = await postAs(t.app, user, use.url, body, key);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(created[0]?.body);
  });
});

describe('Idempotency-Key across routes and outcomes', () => {
  it('refuses a key reused on another route (409 IDEMPOTENCY_MISMATCH)', async () => {
    const ana = await registerUser(t.app);
    const [memories, comments] = [IDEMPOTENT_ROUTES[0], IDEMPOTENT_ROUTES[1]];
    if (!memories || !comments) throw new Error('the route table changed');
    const key = randomUUID();
    const memUse = await memories.prepare(t.database.db, ana);
    expect((await postAs(t.app, ana, memUse.url, await memUse.nextBody(), key)).statusCode).toBe(201);
    const comUse = await comments.prepare(t.database.db, ana);
    const res = await postAs(t.app, ana, comUse.url, await comUse.nextBody(), key);
    expect(res.statusCode).toBe(409);
    expect(codeOf(res)).toBe('IDEMPOTENCY_MISMATCH');
    expect(await comUse.count()).toBe(0);
  });

  it('replays the 201 that opened a direct conversation, not the 200 a new request gets', async () => {
    const ana = await registerUser(t.app);
    const body = { kind: 'direct', memberIds: [await createContact(t.database.db, ana)] };
    const key = randomUUID();
    const first = await postAs(t.app, ana, '/api/v1/conversations', body, key);
    expect(first.statusCode).toBe(201);
    const unkeyed = await postAs(t.app, ana, '/api/v1/conversations', body);
    expect(unkeyed.statusCode).toBe(200);
    const retry = await postAs(t.app, ana, '/api/v1/conversations', body, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
  });

  it('replays a 200 as a 200: the report that was already open', async () => {
    const ana = await registerUser(t.app);
    const reports = IDEMPOTENT_ROUTES[3];
    if (!reports) throw new Error('the route table changed');
    const use = await reports.prepare(t.database.db, ana);
    const body = await use.nextBody();
    expect((await postAs(t.app, ana, use.url, body)).statusCode).toBe(201);
    const key = randomUUID();
    const open = await postAs(t.app, ana, use.url, body, key);
    expect(open.statusCode).toBe(200);
    const retry = await postAs(t.app, ana, use.url, body, key);
    expect([retry.statusCode, retry.body]).toEqual([200, open.body]);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('releases the key after a refusal, so the retry runs again once the cause is gone', async () => {
    const ana = await registerUser(t.app);
    const brunoId = await createContact(t.database.db, ana);
    await insertBlock(t.database.db, brunoId, ana.user.id);
    const body = { kind: 'direct', memberIds: [brunoId] };
    const key = randomUUID();
    const refused = await postAs(t.app, ana, '/api/v1/conversations', body, key);
    expect(refused.statusCode).toBe(403);
    expect(await keyRows(ana.user.id)).toEqual([]);

    await t.database.db
      .delete(blocks)
      .where(and(eq(blocks.blockerId, brunoId), eq(blocks.blockedId, ana.user.id)));
    const retry = await postAs(t.app, ana, '/api/v1/conversations', body, key);
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps no key for a request that fails validation', async () => {
    const ana = await registerUser(t.app);
    const res = await postAs(t.app, ana, '/api/v1/memories', { body: '' }, randomUUID());
    expect(res.statusCode).toBe(400);
    expect(await keyRows(ana.user.id)).toEqual([]);
  });
});
