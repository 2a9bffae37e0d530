import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

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
          description:
            'The social platform of the tango community. Success bodies are `{data}` (lists add `meta`); ' +
            'errors are `{error: {code, message, details?, requestId}}`.',
          version: opts.version,
        },
        servers: [{ url: opts.publicUrl }],
        components: {
          securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, {
      routePrefix: '/api/docs',
      uiConfig: { deepLinking: true, tryItOutEnabled: true },
      theme: { title: 'Abrazo API reference' },
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  },
  { name: 'docs' },
);
