import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const openApiSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()).optional() }).optional(),
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.looseObject({
        responses: z
          .record(
            z.string(),
            z.looseObject({
              content: z.record(z.string(), z.looseObject({ schema: z.unknown().optional() })).optional(),
            }),
          )
          .optional(),
      }),
    ),
  ),
});
type OpenApi = z.infer<typeof openApiSchema>;

function operations(doc: OpenApi) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.has(method))
      .map(([method, op]) => ({ path, method, op })),
  );
}

function scriptTags(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].map(([, attrs = '', body = '']) => ({
    attrs,
    body,
  }));
}

let t: TestApp;
let doc: OpenApi;

beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = openApiSchema.parse(res.json());
});
afterAll(() => t.close());

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document with the public routes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Abrazo API');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/users/{username}', '/api/v1/users', '/healthz', '/readyz']),
    );
    expect(doc.paths['/api/v1/users/{username}']?.get).toBeDefined();
    expect(doc.paths['/api/v1/users']?.get).toBeDefined();
  });

  it('declares a success response schema for every operation', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThanOrEqual(4);
    for (const { path, method, op } of ops) {
      const name = `${method.toUpperCase()} ${path}`;
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      expect(success.length, `${name} has a 2xx response`).toBeGreaterThan(0);
      // 204 No Content is the one success that has no body to describe.
      for (const [status, response] of success.filter(([status]) => status !== '204')) {
        const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
        expect(schemas.length, `${name} ${status} has content`).toBeGreaterThan(0);
        for (const schema of schemas) expect(schema, `${name} ${status}`).toBeTruthy();
      }
    }
  });

  it('describes the public user without its email', () => {
    const publicUser = z
      .object({ properties: z.record(z.string(), z.unknown()) })
      .parse(doc.components?.schemas?.PublicUser);
    expect(Object.keys(publicUser.properties)).toEqual(
      expect.arrayContaining(['id', 'username', 'displayName', 'city', 'createdAt']),
    );
    expect(Object.keys(publicUser.properties)).not.toContain('email');
    const profile = JSON.stringify(doc.paths['/api/v1/users/{username}']);
    expect(profile).toContain('#/components/schemas/Profile');
    expect(profile).not.toContain('email');
    expect(JSON.stringify(doc.components?.schemas?.Profile)).not.toContain('email');
    expect(JSON.stringify(doc)).not.toMatch(/passwordHash|password_hash/i);
  });

  it('defines every schema it refers to', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      ([, name = '']) => name,
    );
    expect(refs).toContain('PublicUser');
    for (const name of new Set(refs)) expect(doc.components?.schemas?.[name], name).toBeDefined();
  });

  it('leaves out the hidden routes', () => {
    const paths = Object.keys(doc.paths);
    expect(paths).not.toContain('/metrics');
    expect(paths).not.toContain('/api/openapi.json');
    expect(paths.filter((p) => p.startsWith('/api/docs'))).toEqual([]);
  });
});

describe('GET /api/docs', () => {
  it('leads to the reference page', async () => {
    const res = await t.app.inject({ url: '/api/docs' });
    if (res.statusCode === 200) {
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    } else {
      expect([301, 302, 307, 308]).toContain(res.statusCode);
      expect(res.headers.location).toMatch(/\/api\/docs\/$|^\.\/docs\/$|^docs\/$/);
    }
  });

  it('serves an HTML page whose scripts are all external files', async () => {
    const res = await t.app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const scripts = scriptTags(res.body);
    expect(scripts.length).toBeGreaterThan(0);
    for (const { attrs, body } of scripts) {
      expect(attrs).toMatch(/\ssrc="[^"]+"/);
      expect(body.trim()).toBe('');
    }
  });

  it('serves the scripts the page refers to', async () => {
    const page = await t.app.inject({ url: '/api/docs/' });
    const sources = scriptTags(page.body).map(({ attrs }) => /\ssrc="([^"]+)"/.exec(attrs)?.[1] ?? '');
    for (const src of sources) {
      const url = new URL(src, 'http://localhost/api/docs/').pathname;
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/javascript/);
    }
  });
});
