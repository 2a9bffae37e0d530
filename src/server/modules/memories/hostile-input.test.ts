import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Memory } from '../../../contract/social.ts';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { bearer, registerUser, type RegisteredUser } from '../../../../test/helpers/auth.ts';
import { idsOf } from '../../../../test/helpers/social.ts';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';

// Text that has broken some system somewhere. Whatever a dancer writes comes back exactly as
// written (no trimming, escaping, normalising) and nothing answers 500. Only U+0000, which
// PostgreSQL cannot store in text, is refused: with a 400 naming the field.

interface Hostile {
  label: string;
  value: string;
}

const HOSTILE: Hostile[] = [
  { label: 'SQL: drop table', value: "'; drop table memories; --" },
  { label: 'SQL: or 1=1', value: "' or 1=1 --" },
  { label: 'SQL: placeholder', value: '$1' },
  { label: 'SQL: placeholders and casts', value: '$1::text $2 ? :name @p1' },
  { label: 'backslashes', value: String.raw`C:\tango\nuevo \' \\ \N \. E'\''` },
  { label: 'HTML: script', value: '<script>alert(1)</script>' },
  { label: 'HTML: img onerror', value: '<img src=x onerror=alert(1)>' },
  { label: 'HTML: entities', value: '&lt;&amp;' },
  { label: 'right-to-left override U+202E', value: 'milonga \u202Eagnolim' },
  { label: 'right-to-left mark U+200F', value: '\u200Fשלום tango' },
  { label: 'zero-width space U+200B', value: 'tan\u200Bgo' },
  { label: 'zero-width joiner U+200D', value: 'a\u200Db' },
  { label: 'byte order mark U+FEFF, leading', value: '\uFEFFmilonga' },
  { label: 'emoji ZWJ sequence', value: '👩‍❤️‍👨' },
  { label: 'musical symbol (astral plane)', value: '𝄞' },
  { label: 'CJK extension B (4 bytes)', value: '𠜎' },
  { label: 'combining characters (NFD)', value: 'Sebastia\u0301n y Man\u0303ana' },
  { label: 'stacked combining marks', value: 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇' },
  { label: 'apostrophe', value: "D'Arienzo" },
  { label: 'curly quotes', value: '“Troilo”' },
  { label: 'straight quotes and backtick', value: '"Pugliese" `Di Sarli`' },
  { label: '5,000-character single line', value: 'a'.repeat(4999) + 'z' },
  { label: '5,000 astral characters (10,000 UTF-16 units)', value: '𝄞'.repeat(5000) },
  { label: 'Windows newlines', value: 'primera línea\r\nsegunda línea\r\n' },
  { label: 'lone carriage returns', value: 'uno\rdos\r' },
  { label: 'tabs', value: '\tcortina\tde\tjazz\t' },
  { label: 'line and paragraph separators', value: 'uno\u2028dos\u2029tres' },
  { label: 'JSON-looking text', value: '{"a":1}' },
  { label: 'JSON array and escapes', value: '["\\u0000", "\\"", null]' },
  { label: 'percent-encoding', value: '%27%3B' },
  { label: 'format strings', value: '%s %n {0}' },
  { label: 'template syntax', value: '${process.exit()} {{7*7}} #{1}' },
  { label: 'leading and trailing spaces', value: '  abrazo  ' },
  { label: 'prototype keys', value: '__proto__ constructor prototype' },
];

const MAX_CITY_UNITS = 100;
const MAX_COMMENT_CHARS = 2000;
const codePoints = (s: string) => [...s].length;
/** The city field is trimmed and at most 100 (UTF-16) characters: only values it keeps as they are. */
const fitsCity = (s: string) => s === s.trim() && s.length <= MAX_CITY_UNITS;
const fitsComment = (s: string) => codePoints(s) <= MAX_COMMENT_CHARS;

let t: TestApp;
let author: RegisteredUser;
let reader: RegisteredUser;
/** Every response of the current test, to check that none is a 5xx. */
let seen: { req: string; res: LightMyRequestResponse }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  author = await registerUser(t.app);
  reader = await registerUser(t.app);
});
afterAll(() => t.close());
afterEach(() => {
  const failures = seen.filter((s) => s.res.statusCode >= 500).map((s) => `${s.req} → ${s.res.statusCode}`);
  seen = [];
  expect(failures).toEqual([]);
});

async function call(opts: InjectOptions & { url: string }): Promise<LightMyRequestResponse> {
  const res = await t.app.inject(opts);
  seen.push({ req: `${opts.method ?? 'GET'} ${opts.url}`, res });
  return res;
}

const get = (url: string, user: RegisteredUser | null = reader) =>
  call({ method: 'GET', url, headers: user ? bearer(user.accessToken) : {} });

const errorOf = (res: LightMyRequestResponse) => res.json<ErrorEnvelope>().error;

/** Same UTF-8 bytes, not merely equal-looking text. */
function expectSameBytes(actual: string | null | undefined, expected: string) {
  expect(actual).toBe(expected);
  expect(Buffer.from(actual ?? '', 'utf8').equals(Buffer.from(expected, 'utf8'))).toBe(true);
}

describe('hostile text is stored and returned exactly as written', () => {
  it.each(HOSTILE)('$label', async ({ value }) => {
    const city = fitsCity(value) ? value : null;
    const created = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: bearer(author.accessToken),
      payload: { body: value, city, visibility: 'public' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const memory = created.json<{ data: Memory }>().data;
    expectSameBytes(memory.body, value);
    expect(memory.city).toBe(city);

    const one = await get(`/api/v1/memories/${memory.id}`);
    expect(one.statusCode).toBe(200);
    const read = one.json<{ data: Memory }>().data;
    expectSameBytes(read.body, value);
    if (city !== null) expectSameBytes(read.city, city);

    const profile = await get(`/api/v1/users/${author.username}/memories?limit=100`);
    expect(profile.statusCode).toBe(200);
    const inProfile = profile.json<{ data: Memory[] }>().data.find((m) => m.id === memory.id);
    expectSameBytes(inProfile?.body, value);

    if (city !== null) {
      const cityFeed = await get(`/api/v1/cities/${encodeURIComponent(city)}/feed?limit=100`, null);
      expect(cityFeed.statusCode).toBe(200);
      expect(idsOf(cityFeed)).toContain(memory.id);
    }

    const posted = await call({
      method: 'POST',
      url: `/api/v1/memories/${memory.id}/comments`,
      headers: bearer(reader.accessToken),
      payload: { body: value },
    });
    if (!fitsComment(value)) {
      expect(posted.statusCode).toBe(400);
      expect(errorOf(posted).code).toBe('VALIDATION_FAILED');
      return;
    }
    expect(posted.statusCode, posted.body).toBe(201);
    const comment = posted.json<{ data: Comment }>().data;
    expectSameBytes(comment.body, value);

    const list = await get(`/api/v1/memories/${memory.id}/comments?limit=100`, null);
    expect(list.statusCode).toBe(200);
    const listed = list.json<{ data: Comment[] }>().data.find((c) => c.id === comment.id);
    expectSameBytes(listed?.body, value);
  });

  it('counts the body limit in characters: 5,001 astral characters is a 400, not a 500', async () => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: bearer(author.accessToken),
      payload: { body: '𝄞'.repeat(5001) },
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body.body' }] });
  });
});

describe('NUL (U+0000) is a 400 VALIDATION_FAILED naming the field, never a 500', () => {
  const NUL = 'milonga\u0000tango';

  it.each([
    { where: 'memory body', payload: { body: NUL }, path: 'body.body' },
    { where: 'memory city', payload: { body: 'Hola', city: NUL }, path: 'body.city' },
    { where: 'memory tag', payload: { body: 'Hola', tags: [NUL] }, path: 'body.tags.0' },
  ])('in the $where', async ({ payload, path }) => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: bearer(author.accessToken),
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path }] });
  });

  it('in a comment body and a memory edit', async () => {
    const created = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: bearer(author.accessToken),
      payload: { body: 'Sin NUL' },
    });
    const memory = created.json<{ data: Memory }>().data;
    const comment = await call({
      method: 'POST',
      url: `/api/v1/memories/${memory.id}/comments`,
      headers: bearer(reader.accessToken),
      payload: { body: NUL },
    });
    expect(comment.statusCode).toBe(400);
    expect(errorOf(comment)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body.body' }] });
    const edit = await call({
      method: 'PATCH',
      url: `/api/v1/memories/${memory.id}`,
      headers: bearer(author.accessToken),
      payload: { body: NUL },
    });
    expect(edit.statusCode).toBe(400);
    expect(errorOf(edit).code).toBe('VALIDATION_FAILED');
  });

  it.each([
    { where: 'username', url: '/api/v1/users/ana%00/memories', path: 'params.username' },
    { where: 'city', url: '/api/v1/cities/Buenos%00Aires/feed', path: 'params.city' },
    { where: 'tag', url: '/api/v1/tags/milonga%00/memories', path: 'params.tag' },
    { where: 'cursor', url: '/api/v1/feed/public?cursor=abc%00', path: 'query.cursor' },
    { where: 'limit', url: '/api/v1/feed/public?limit=1%00', path: 'query.limit' },
  ])('in the $where of a URL', async ({ url, path }) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path }] });
  });
});

// Path and query values: each answers 200, 400 or 404, in the error envelope with X-Request-Id
// (DESIGN §3: every response carries it; errors come from one catalogue).
const PATH_VALUES: string[] = [
  ...HOSTILE.map((h) => h.value).filter((v) => v.length <= 100),
  // ("." and ".." are left out: URL parsers resolve them, as dot segments, before any routing.)
  '../../etc/passwd',
  'a/b',
  ' ',
  '%',
  'ana%',
  'ANA',
  'a'.repeat(65),
];
/** Longer than any path parameter may be (the longest, a city, is 100 characters). */
const LONG_PATH_VALUES: string[] = [
  'x'.repeat(101),
  'x'.repeat(2000),
  ...HOSTILE.map((h) => h.value).filter((v) => v.length > 100),
];

/** What is wrong with an answer, or undefined when it is a calm 200, 400 or 404. */
function problemOf(req: string, res: LightMyRequestResponse): string | undefined {
  const where = `${req.slice(0, 120)} → ${res.statusCode} ${res.body.slice(0, 160)}`;
  if (![200, 400, 404].includes(res.statusCode)) return `unexpected status: ${where}`;
  if (typeof res.headers['x-request-id'] !== 'string') return `no X-Request-Id: ${where}`;
  if (res.statusCode === 200) return undefined;
  const body = res.json<{ error?: { code?: unknown; requestId?: unknown } }>();
  if (typeof body.error?.code !== 'string' || typeof body.error.requestId !== 'string') {
    return `not the error envelope: ${where}`;
  }
  const expected = res.statusCode === 400 ? 'VALIDATION_FAILED' : 'NOT_FOUND';
  if (body.error.code !== expected) return `code ${String(body.error.code)} for ${res.statusCode}: ${where}`;
  return undefined;
}

/** GETs every URL and answers the list of problems (empty when all are calm). */
async function problemsOf(urls: string[], users: (RegisteredUser | null)[] = [reader]): Promise<string[]> {
  const problems: string[] = [];
  for (const url of urls) {
    for (const user of users) {
      const problem = problemOf(`GET ${url}`, await get(url, user));
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

describe('hostile values in paths and query strings never answer 500', () => {
  const ROUTES = [
    { route: 'user feed', url: (v: string) => `/api/v1/users/${v}/memories` },
    { route: 'city feed', url: (v: string) => `/api/v1/cities/${v}/feed` },
    { route: 'tag feed', url: (v: string) => `/api/v1/tags/${v}/memories` },
    { route: 'memory by id', url: (v: string) => `/api/v1/memories/${v}` },
    { route: 'comments of a memory', url: (v: string) => `/api/v1/memories/${v}/comments` },
  ];

  it.each(ROUTES)('as the $route path parameter (encoded), signed in and anonymous', async ({ url }) => {
    const urls = PATH_VALUES.map((v) => url(encodeURIComponent(v)));
    expect(await problemsOf(urls, [reader, null])).toEqual([]);
  });

  // Longer than the router's limit for a parameter (100 characters).
  it('as an over-long path parameter: a 400 in the envelope', async () => {
    const urls = ROUTES.flatMap(({ url }) => LONG_PATH_VALUES.map((v) => url(encodeURIComponent(v))));
    expect(await problemsOf(urls)).toEqual([]);
  });

  it('as a raw path with malformed percent-encoding or unencoded characters', async () => {
    const urls = [
      '/api/v1/users/%/memories',
      '/api/v1/users/%zz/memories',
      '/api/v1/users/%C0%AF/memories',
      '/api/v1/users/%E0%A4%A/memories',
      '/api/v1/users/%ED%A0%80/memories',
      '/api/v1/cities/%FF%FE/feed',
      '/api/v1/tags/%F0%9F/memories',
      "/api/v1/users/';drop/memories",
      '/api/v1/cities/Buenos Aires/feed',
      '/api/v1/tags/<script>/memories',
      '/api/v1/users/..%2F..%2Fadmin/memories',
    ];
    expect(await problemsOf(urls)).toEqual([]);
  });

  const anyMemoryId = '01900000-0000-7000-8000-000000000000';
  const cursorOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const CURSORS: string[] = [
    ...HOSTILE.map((h) => h.value),
    '0',
    '-1',
    'null',
    'undefined',
    '====',
    'a'.repeat(200),
    'a'.repeat(201),
    cursorOf(`0.${anyMemoryId}`),
    cursorOf(`999999999999999.${anyMemoryId}`),
    cursorOf(`253402300799999.${anyMemoryId}`),
    cursorOf(`1700000000000.00000000-0000-0000-0000-000000000000`),
    cursorOf(`1700000000000.ffffffff-ffff-ffff-ffff-ffffffffffff`),
    cursorOf(`1700000000000.${anyMemoryId}'; drop table memories; --`),
    cursorOf(`1e20.${anyMemoryId}`),
    cursorOf(`-5.${anyMemoryId}`),
    cursorOf(`1700000000000.${anyMemoryId.toUpperCase()}`),
    cursorOf('{"createdAt":"2024-01-01","id":"x"}'),
  ];

  it.each([
    { route: 'home feed', base: () => '/api/v1/feed' },
    { route: 'public feed', base: () => '/api/v1/feed/public' },
    { route: 'city feed', base: () => '/api/v1/cities/Berlin/feed' },
    { route: 'tag feed', base: () => '/api/v1/tags/milonga/memories' },
    { route: 'user feed', base: () => `/api/v1/users/${author.username}/memories` },
    { route: 'comments', base: () => `/api/v1/memories/${anyMemoryId}/comments` },
  ])('as the cursor of the $route', async ({ base }) => {
    const urls = CURSORS.map((c) => `${base()}?cursor=${encodeURIComponent(c)}`);
    expect(await problemsOf(urls)).toEqual([]);
  });

  it('as the cursor of the comments of a memory that exists', async () => {
    const created = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: bearer(author.accessToken),
      payload: { body: 'Cursor target' },
    });
    const base = `/api/v1/memories/${created.json<{ data: Memory }>().data.id}/comments`;
    const urls = CURSORS.map((c) => `${base}?cursor=${encodeURIComponent(c)}`);
    expect(await problemsOf(urls)).toEqual([]);
  });

  it('as the limit', async () => {
    const limits = [
      '0',
      '-1',
      '101',
      '1.5',
      '1e2',
      '0x10',
      'NaN',
      'Infinity',
      '9'.repeat(400),
      '',
      ' 5 ',
      '5abc',
    ];
    const urls = [...limits, "1'; drop table memories; --", '[]'].map(
      (l) => `/api/v1/feed/public?limit=${encodeURIComponent(l)}`,
    );
    expect(await problemsOf(urls)).toEqual([]);
  });

  it('as a whole query string', async () => {
    const queries = [
      'limit=1&limit=2',
      'cursor=a&cursor=b',
      'cursor[]=a',
      'cursor[a]=b',
      '__proto__[limit]=1',
      '__proto__=x',
      'constructor[prototype][x]=1',
      'limit',
      '&&&==&',
      '%',
      'cursor=%',
      'cursor=%E0%A4%A',
    ];
    expect(await problemsOf(queries.map((q) => `/api/v1/feed/public?${q}`))).toEqual([]);
  });

  it.each([
    { body: { $ne: 1 } },
    { body: ['a'] },
    { body: 1 },
    { body: null },
    { body: 'Hola', visibility: "public' or '1'='1" },
    { body: 'Hola', city: { $gt: '' } },
    { body: 'Hola', tags: ["'; drop table memory_tags; --"] },
    { body: 'Hola', tags: ['#<script>'] },
    { body: 'Hola', extra: 'not allowed' },
  ])('as a memory payload: %j is a 400', async (payload) => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: bearer(author.accessToken),
      payload,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(errorOf(res).code).toBe('VALIDATION_FAILED');
  });

  it.each([
    { json: '{"body":"Hola","__proto__":{"x":1}}', status: 400 },
    { json: '{"body":"Hola","constructor":{"prototype":{"x":1}}}', status: 400 },
    { json: '{"body":"Hola"', status: 400 },
    { json: '{"body":"\\u0000"}', status: 400 },
    { json: '{"body":"\\ud800"}', status: 400 },
    { json: '{"body":"a","body":"b"}', status: 201 },
  ])('as a raw JSON body: $json → $status', async ({ json, status }) => {
    const res = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: { ...bearer(author.accessToken), 'content-type': 'application/json' },
      payload: json,
    });
    expect(res.statusCode, res.body).toBe(status);
    if (status === 400) expect(errorOf(res).code).toBe('VALIDATION_FAILED');
  });

  it('as a reaction type and a comment parent', async () => {
    const created = await call({
      method: 'POST',
      url: '/api/v1/memories',
      headers: bearer(author.accessToken),
      payload: { body: 'Reaction target' },
    });
    const id = created.json<{ data: Memory }>().data.id;
    const problems: string[] = [];
    for (const value of PATH_VALUES) {
      const url = `/api/v1/memories/${id}/reactions/${encodeURIComponent(value)}`;
      const reaction = await call({ method: 'PUT', url, headers: bearer(reader.accessToken) });
      const problem = problemOf(`PUT ${url}`, reaction);
      if (problem) problems.push(problem);
      const reply = await call({
        method: 'POST',
        url: `/api/v1/memories/${id}/comments`,
        headers: bearer(reader.accessToken),
        payload: { body: 'Respuesta', parentId: value },
      });
      if (reply.statusCode !== 400) problems.push(`parentId ${value.slice(0, 40)} → ${reply.statusCode}`);
    }
    expect(problems).toEqual([]);
  });
});
