import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { bearer, registerUser } from '../../../test/helpers/auth.ts';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const jsonSchema = z.looseObject({
  $ref: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
  const: z.unknown().optional(),
  format: z.string().optional(),
});

const openApiSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  components: z
    .looseObject({
      schemas: z.record(z.string(), z.unknown()).optional(),
      securitySchemes: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.looseObject({
        operationId: z.string().optional(),
        summary: z.string().optional(),
        security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
        parameters: z
          .array(z.looseObject({ name: z.string(), in: z.string(), schema: jsonSchema.optional() }))
          .optional(),
        requestBody: z.unknown().optional(),
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

type Operation = ReturnType<typeof operations>[number];
type JsonSchema = z.infer<typeof jsonSchema>;

// Verb-first names (STYLE.md); a new verb is added here on purpose.
const OPERATION_ID =
  /^(get|list|count|check|create|add|send|update|edit|rename|change|delete|remove|revoke|register|sign|refresh|issue|request|reset|verify|resend|mark|bookmark|unbookmark|follow|unfollow|unfriend|block|unblock|mute|unmute|like|unlike|accept|decline|cancel|leave|resolve|move|rsvp|invite)[A-Z][A-Za-z]*$/;
// These end the caller's session, so a walk with one token calls them last.
const ENDS_SESSION = new Set(['signOut', 'signOutEverywhere']);

const nameOf = ({ method, path }: Operation) => `${method.toUpperCase()} ${path}`;

/** How OpenAPI reads `security`: absent or empty needs nothing; a `{}` alternative makes it optional. */
function securityOf(op: Operation['op']): 'none' | 'optional' | 'required' {
  if (!op.security || op.security.length === 0) return 'none';
  return op.security.some((requirement) => Object.keys(requirement).length === 0) ? 'optional' : 'required';
}

function resolveRef(schema: JsonSchema | undefined): JsonSchema | undefined {
  const name = schema?.$ref?.replace('#/components/schemas/', '');
  return name === undefined ? schema : jsonSchema.parse(doc.components?.schemas?.[name]);
}

/** A value the path parameter accepts: its first allowed value, a fresh UUID, or a word that passes as username, tag or city. */
function sampleValue(schema: JsonSchema | undefined): string {
  const resolved = resolveRef(schema);
  const allowed = resolved?.enum?.[0] ?? resolved?.const;
  if (typeof allowed === 'string') return allowed;
  if (resolved?.format === 'uuid') return randomUUID();
  return 'milonga';
}

/** Calls an operation with made-up path parameters and, when it takes a body, `{}`; returns the status. */
async function callOperation({ path, method, op }: Operation, headers: Record<string, string> = {}) {
  const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const param = op.parameters?.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(sampleValue(param?.schema));
  });
  const res = await t.app.inject({
    method: method.toUpperCase(),
    url,
    headers,
    ...(op.requestBody === undefined ? {} : { payload: {} }),
  });
  return res.statusCode;
}

function declaredStatuses(op: Operation['op']): number[] {
  return Object.keys(op.responses ?? {}).map(Number);
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

describe('the operations', () => {
  it('each have a unique verb-first operationId and a one-line summary', () => {
    const ids = operations(doc).map((operation) => {
      const { operationId, summary } = operation.op;
      const name = nameOf(operation);
      expect(operationId, name).toMatch(OPERATION_ID);
      expect(summary?.trim(), `${name} summary`).toBeTruthy();
      expect(summary, `${name} summary`).not.toMatch(/\n/);
      expect(summary?.length, `${name} summary length`).toBeLessThanOrEqual(80);
      return operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declare security with the schemes the document defines', () => {
    const schemes = Object.keys(doc.components?.securitySchemes ?? {});
    expect(schemes).toEqual(expect.arrayContaining(['bearerAuth', 'refreshCookie']));
    for (const operation of operations(doc)) {
      for (const requirement of operation.op.security ?? []) {
        for (const scheme of Object.keys(requirement)) expect(schemes, nameOf(operation)).toContain(scheme);
      }
    }
  });

  it('list 401 when they take credentials, 400 when they take input and 429 under the rate limit', () => {
    for (const operation of operations(doc)) {
      const { op, path } = operation;
      const statuses = declaredStatuses(op);
      const name = nameOf(operation);
      if (securityOf(op) !== 'none') expect(statuses, name).toContain(401);
      if ((op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined)
        expect(statuses, name).toContain(400);
      // Only the load balancer's probes are exempt from the global limit.
      if (!['/healthz', '/readyz'].includes(path)) expect(statuses, name).toContain(429);
    }
  });
});

describe('every operation, called without credentials', () => {
  const statuses = new Map<string, number>();
  beforeAll(async () => {
    for (const operation of operations(doc)) statuses.set(nameOf(operation), await callOperation(operation));
  });

  it('answers 401 exactly when it declares required security', () => {
    const mismatched = operations(doc)
      .filter(
        (operation) =>
          (statuses.get(nameOf(operation)) === 401) !== (securityOf(operation.op) === 'required'),
      )
      .map(
        (operation) =>
          `${nameOf(operation)}: ${statuses.get(nameOf(operation))}, security ${securityOf(operation.op)}`,
      );
    expect(mismatched).toEqual([]);
  });

  it('answers with a status its responses list', () => {
    for (const operation of operations(doc)) {
      expect(declaredStatuses(operation.op), nameOf(operation)).toContain(statuses.get(nameOf(operation)));
    }
  });
});

describe('every operation, called signed in', () => {
  it('answers with a status its responses list', async () => {
    const user = await registerUser(t.app);
    const ordered = operations(doc).sort(
      (a, b) =>
        Number(ENDS_SESSION.has(a.op.operationId ?? '')) - Number(ENDS_SESSION.has(b.op.operationId ?? '')),
    );
    for (const operation of ordered) {
      const status = await callOperation(operation, bearer(user.accessToken));
      expect(declaredStatuses(operation.op), `${nameOf(operation)} answered ${status}`).toContain(status);
    }
  });
});

describe('the limits the server enforces', () => {
  type Properties = Record<string, Record<string, unknown>>;
  function bodyProperties(path: string, method: string): Properties {
    const body = z
      .object({
        content: z.object({
          'application/json': z.object({
            schema: z.object({ properties: z.record(z.string(), z.looseObject({})) }),
          }),
        }),
      })
      .parse(doc.paths[path]?.[method]?.requestBody);
    return body.content['application/json'].schema.properties;
  }
  function queryParameter(path: string, name: string) {
    return doc.paths[path]?.get?.parameters?.find((p) => p.in === 'query' && p.name === name);
  }

  it('state the page size and the cursor format on lists', () => {
    expect(queryParameter('/api/v1/feed', 'limit')?.schema).toMatchObject({
      minimum: 1,
      maximum: 100,
      default: 20,
    });
    expect(queryParameter('/api/v1/feed', 'cursor')).toMatchObject({
      schema: { maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' },
      description: expect.stringMatching(/opaque/i) as string,
    });
    expect(queryParameter('/api/v1/conversations/{id}/messages', 'limit')?.schema).toMatchObject({
      maximum: 100,
    });
  });

  it('state text lengths in characters', () => {
    expect(bodyProperties('/api/v1/memories', 'post').body).toMatchObject({ minLength: 1, maxLength: 5000 });
    expect(bodyProperties('/api/v1/memories/{id}/comments', 'post').body).toMatchObject({ maxLength: 2000 });
    expect(bodyProperties('/api/v1/conversations/{id}/messages', 'post').body).toMatchObject({
      maxLength: 4000,
    });
    expect(bodyProperties('/api/v1/auth/register', 'post').displayName).toMatchObject({ maxLength: 80 });
  });

  it('state the password and username rules', () => {
    const newPassword = {
      minLength: 10,
      maxLength: 256,
      description: expect.stringMatching(/common/) as string,
    };
    const register = bodyProperties('/api/v1/auth/register', 'post');
    expect(register.password).toMatchObject(newPassword);
    expect(register.username).toMatchObject({
      minLength: 3,
      maxLength: 30,
      pattern: expect.any(String) as string,
    });
    expect(bodyProperties('/api/v1/me/password', 'patch').newPassword).toMatchObject(newPassword);
    expect(bodyProperties('/api/v1/auth/password/reset', 'post').password).toMatchObject(newPassword);
    // Signing in takes any stored password, so only the upper bound applies there.
    expect(bodyProperties('/api/v1/auth/login', 'post').password).toMatchObject({
      minLength: 1,
      maxLength: 256,
    });
  });
});
