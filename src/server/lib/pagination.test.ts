import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { explain } from '../../../test/helpers/explain.ts';
import { createUser } from '../../../test/factories/users.ts';
import type { UserRow } from '../db/schema/index.ts';
import { listUsersQuery } from '../modules/users/users.repo.ts';
import { AppError } from './errors.ts';
import { newId } from './ids.ts';
import { decodeCursor, encodeCursor, toPage, type Cursor } from './pagination.ts';

function expectInvalidCursor(raw: string) {
  let thrown: unknown;
  try {
    decodeCursor(raw);
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `cursor ${JSON.stringify(raw)} is rejected`).toBeInstanceOf(AppError);
  expect(thrown).toMatchObject({
    code: 'VALIDATION_FAILED',
    details: [{ path: 'query.cursor', message: 'Invalid cursor' }],
  });
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('cursors', () => {
  it('round-trips a position to the millisecond', () => {
    const position: Cursor = { createdAt: new Date('2025-05-17T21:30:12.345Z'), id: newId() };
    const raw = encodeCursor(position);
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(raw).not.toContain(position.id);
    expect(decodeCursor(raw)).toEqual(position);
  });

  it('round-trips a random (v4) id and the epoch', () => {
    const position: Cursor = { createdAt: new Date(0), id: randomUUID() };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'abc+/='],
    ['markup', '<script>'],
    ['base64url of other text', b64('hello world')],
    ['a missing id', b64('1700000000000.')],
    ['a missing time', b64(`.${randomUUID()}`)],
    ['a negative time', b64(`-1700000000000.${randomUUID()}`)],
    ['an id that is not a UUID', b64('1700000000000.0123456789abcdef-0123456789abcdef-01')],
    ['an upper-case id', b64(`1700000000000.${randomUUID().toUpperCase()}`)],
    ['trailing text', b64(`1700000000000.${randomUUID()}.x`)],
  ])('rejects %s', (_label, raw) => {
    expectInvalidCursor(raw);
  });

  it('rejects a truncated cursor', () => {
    const raw = encodeCursor({ createdAt: new Date(), id: newId() });
    expectInvalidCursor(raw.slice(0, -4));
  });

  it('rejects a cursor with extra characters appended', () => {
    const raw = encodeCursor({ createdAt: new Date(), id: newId() });
    expectInvalidCursor(`${raw}AAAA`);
  });

  // A time past year 9999 survives new Date() but PostgreSQL cannot parse its ISO form.
  it('rejects a time the database cannot represent', () => {
    expectInvalidCursor(b64(`999999999999999.${randomUUID()}`));
  });
});

describe('toPage', () => {
  const rows = (n: number): Cursor[] =>
    Array.from({ length: n }, (_, i) => ({
      createdAt: new Date(Date.UTC(2025, 0, 1) - i * 1000),
      id: newId(),
    }));

  it('reports no more items when fewer than limit+1 rows came back', () => {
    const fetched = rows(3);
    expect(toPage(fetched, 3)).toEqual({ items: fetched, meta: { hasMore: false, nextCursor: null } });
  });

  it('returns an empty last page for no rows', () => {
    expect(toPage([], 20)).toEqual({ items: [], meta: { hasMore: false, nextCursor: null } });
  });

  it('drops the extra row and points the cursor at the last item shown', () => {
    const fetched = rows(4);
    const page = toPage(fetched, 3);
    expect(page.items).toEqual(fetched.slice(0, 3));
    expect(page.meta.hasMore).toBe(true);
    const last = fetched[2];
    if (!last) throw new Error('fixture has four rows');
    expect(page.meta.nextCursor).toBe(encodeCursor(last));
    expect(decodeCursor(page.meta.nextCursor ?? '')).toEqual({ createdAt: last.createdAt, id: last.id });
  });
});

describe('paging through members (database)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  interface ListBody {
    data: { id: string }[];
    meta: { nextCursor: string | null; hasMore: boolean };
  }

  const newestFirst = (a: UserRow, b: UserRow) =>
    b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  it('never repeats or skips a member while new members join between page loads', async () => {
    const city = `City ${randomUUID()}`;
    const base = Date.parse('2025-06-01T22:00:00.000Z');
    const tied = new Date(base + 5_000);
    // Seven members share one instant, so page boundaries (limit 3) fall inside the tie and only
    // the id tie-break keeps the order total. Random v4 ids make id order differ from insert order.
    const at = [0, 1_000, 2_000, ...Array.from({ length: 7 }, () => 5_000), 8_000, 9_000];
    const initial: UserRow[] = [];
    for (const offset of at) {
      const createdAt = offset === 5_000 ? tied : new Date(base + offset);
      initial.push(await createUser(t.database.db, { city, createdAt, id: randomUUID() }));
    }
    const expected = [...initial].sort(newestFirst).map((u) => u.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let joined = 0;
    for (let pageNo = 0; pageNo < 20; pageNo++) {
      const query: Record<string, string> = { city, limit: '3', ...(cursor ? { cursor } : {}) };
      const res = await t.app.inject({ url: '/api/v1/users', query });
      expect(res.statusCode).toBe(200);
      const body = res.json<ListBody>();
      seen.push(...body.data.map((u) => u.id));
      // Newcomers arrive between loads, newer than everyone listed so far.
      for (let i = 0; i < 2; i++) {
        joined++;
        await createUser(t.database.db, { city, createdAt: new Date(base + 60_000 + joined * 1000) });
      }
      if (!body.meta.hasMore) break;
      cursor = body.meta.nextCursor;
      expect(cursor).toEqual(expect.any(String));
    }

    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(initial.length);
  });
});

describe('query plans at realistic size (database)', () => {
  let t: TestApp;
  const prefix = `bulk_${randomBytes(3).toString('hex')}`;
  const BULK = 20_000;
  const CITIES = 50;

  beforeAll(async () => {
    t = await createTestApp();
    // One statement: 20,000 members across 50 cities, one per 30 s, with every tenth pair sharing an instant.
    await t.database.db.execute(sql`
      insert into users (id, username, email, display_name, city, country, languages, roles, created_at)
      select gen_random_uuid(),
             ${prefix} || '_' || g,
             ${prefix} || '_' || g || '@example.test',
             'Bulk dancer ' || g,
             'Bulk City ' || (g % ${CITIES}),
             'AR',
             '{es}',
             '{dancer}',
             timestamptz '2024-01-01 00:00:00+00' + ((g - (g % 10 = 1)::int) * interval '30 seconds')
      from generate_series(1, ${BULK}) as g`);
    await t.database.db.execute(sql`analyze users`);
  }, 120_000);
  afterAll(() => t.close());

  async function cursorInTheMiddle(city?: string): Promise<Cursor> {
    const rows = await listUsersQuery(t.database.db, { city, limit: 200 });
    const row = rows.at(-1);
    if (!row) throw new Error('the bulk rows are missing');
    return { createdAt: row.createdAt, id: row.id };
  }

  function expectIndexOnly(plan: Awaited<ReturnType<typeof explain>>, index: string) {
    const text = JSON.stringify(plan.json);
    expect(plan.indexes, text).toContain(index);
    expect(plan.seqScanned, text).not.toContain('users');
    expect(
      plan.nodeTypes.filter((n) => n.includes('Sort')),
      text,
    ).toEqual([]);
  }

  it('reads the first page from users_created_at_id_idx without sorting', async () => {
    const plan = await explain(t.database.db, listUsersQuery(t.database.db, { limit: 20 }));
    expectIndexOnly(plan, 'users_created_at_id_idx');
  });

  it('seeks to a cursor in users_created_at_id_idx without sorting', async () => {
    const cursor = await cursorInTheMiddle();
    const plan = await explain(t.database.db, listUsersQuery(t.database.db, { limit: 20, cursor }));
    expectIndexOnly(plan, 'users_created_at_id_idx');
  });

  it('reads a city page past a cursor from users_city_created_at_id_idx without sorting', async () => {
    const city = 'Bulk City 7';
    const cursor = await cursorInTheMiddle(city);
    const plan = await explain(t.database.db, listUsersQuery(t.database.db, { limit: 20, city, cursor }));
    expectIndexOnly(plan, 'users_city_created_at_id_idx');
  });

  it('returns the rows right after the cursor, in order', async () => {
    const city = 'Bulk City 7';
    const cursor = await cursorInTheMiddle(city);
    const after = await listUsersQuery(t.database.db, { limit: 5, city, cursor });
    expect(after).toHaveLength(6);
    for (const row of after) {
      expect(row.city).toBe(city);
      const before =
        row.createdAt.getTime() < cursor.createdAt.getTime() ||
        (row.createdAt.getTime() === cursor.createdAt.getTime() && row.id < cursor.id);
      expect(before).toBe(true);
    }
  });
});
