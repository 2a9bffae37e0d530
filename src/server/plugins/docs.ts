import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { ERROR_CATALOGUE } from '../lib/errors.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../lib/pagination.ts';
import { securitySchemes } from './auth.ts';
import { DOCS_CSS } from './docs-theme.ts';

export interface DocsOptions {
  publicUrl: string;
  version: string;
}

/** OpenAPI 3.1 generated from the zod route schemas, at /api/openapi.json, with a reference UI at /api/docs. */
export const docsPlugin = fp<DocsOptions>(
  async (app: FastifyInstance, opts) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Abrazo API',
          description: apiDescription(app.initialConfig.bodyLimit ?? BODY_LIMIT_DEFAULT),
          version: opts.version,
        },
        servers: [{ url: opts.publicUrl }],
        components: {
          securitySchemes: securitySchemes(opts.publicUrl.startsWith('https://')),
        },
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    // In a scope of its own, so the page hook below touches only the reference UI.
    await app.register(async (ui) => {
      ui.addHook('onSend', addViewportMeta);
      await ui.register(swaggerUi, {
        routePrefix: '/api/docs',
        uiConfig: {
          deepLinking: true,
          tryItOutEnabled: true,
          // No top bar: its "explore another URL" box has no use here and does not fit a phone.
          layout: 'BaseLayout',
        },
        theme: { title: 'Abrazo API reference', css: [{ filename: 'abrazo.css', content: DOCS_CSS }] },
      });
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  },
  { name: 'docs' },
);

// Fastify's own default, for an app built without one.
const BODY_LIMIT_DEFAULT = 1024 * 1024;

/** The conventions every operation shares, stated once at the top of the reference. */
function apiDescription(bodyLimit: number): string {
  const codes = Object.entries(ERROR_CATALOGUE)
    .map(([code, { status }]) => `\`${code}\` ${status}`)
    .join(', ');
  const conventions = [
    `- Success bodies are \`{data}\`; lists add \`meta: {nextCursor, hasMore}\` and page by cursor: pass ` +
      `\`meta.nextCursor\` back as \`?cursor=\`; \`?limit=\` takes 1 to ${MAX_PAGE_SIZE} items ` +
      `(${DEFAULT_PAGE_SIZE} by default).`,
    '- Errors are `{error: {code, message, details?, requestId}}`; `details` name the invalid fields, ' +
      `e.g. \`body.body\`. The codes: ${codes}.`,
    '- Sign in with `POST /api/v1/auth/login` and send `Authorization: Bearer <accessToken>`; ' +
      '`POST /api/v1/auth/refresh` renews it.',
    `- JSON bodies are limited to ${bodyLimit / 1024 / 1024} MiB (413 beyond). Every route but the health ` +
      'probes shares a per-IP allowance per minute; sign-in, registration, password resets and checks, and ' +
      'chat sends have their own. A 429 carries `Retry-After`.',
  ];
  return `The social platform of the tango community.\n\n${conventions.join('\n')}`;
}

const VIEWPORT_META = '<meta name="viewport" content="width=device-width, initial-scale=1">';

/** swagger-ui's page has no viewport meta, so phones would lay it out 980 px wide and shrink it. */
const addViewportMeta: onSendHookHandler = (_req, reply, payload, done) => {
  const type = reply.getHeader('content-type');
  const isPage = typeof type === 'string' && type.startsWith('text/html') && typeof payload === 'string';
  done(null, isPage ? payload.replace('<head>', `<head>\n      ${VIEWPORT_META}`) : payload);
};
