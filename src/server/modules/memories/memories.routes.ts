import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import {
  bookmarkSchema,
  cityFeedSchema,
  groupFeedSchema,
  createMemorySchema,
  deleteMemorySchema,
  getMemorySchema,
  homeFeedSchema,
  listBookmarksSchema,
  publicFeedSchema,
  tagFeedSchema,
  unbookmarkSchema,
  updateMemorySchema,
  userFeedSchema,
} from './memories.schema.ts';
import type { MemoriesService } from './memories.service.ts';

const viewerOf = (req: { actor: { userId: string } | null }) => req.actor?.userId ?? null;

export const memoriesRoutes: FastifyPluginAsyncZod<{ memories: MemoriesService }> = async (
  app,
  { memories },
) => {
  app.post(
    '/memories',
    { schema: createMemorySchema, config: { auth: 'required', idempotent: true } },
    async (req, reply) => reply.code(201).send({ data: await memories.create(actorOf(req), req.body) }),
  );
  app.get('/memories/:id', { schema: getMemorySchema, config: { auth: 'optional' } }, async (req) => ({
    data: await memories.get(viewerOf(req), req.params.id),
  }));
  app.patch('/memories/:id', { schema: updateMemorySchema, config: { auth: 'required' } }, async (req) => ({
    data: await memories.update(actorOf(req), req.params.id, req.body),
  }));
  app.delete(
    '/memories/:id',
    { schema: deleteMemorySchema, config: { auth: 'required' } },
    async (req, reply) => {
      await memories.remove(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get('/feed', { schema: homeFeedSchema, config: { auth: 'required' } }, async (req) => {
    const page = await memories.homeFeed(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/feed/public', { schema: publicFeedSchema, config: { auth: 'optional' } }, async (req) => {
    const page = await memories.publicFeed(viewerOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/cities/:city/feed', { schema: cityFeedSchema, config: { auth: 'optional' } }, async (req) => {
    const page = await memories.cityFeed(viewerOf(req), req.params.city, req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/groups/:id/memories', { schema: groupFeedSchema, config: { auth: 'optional' } }, async (req) => {
    const page = await memories.groupFeed(viewerOf(req), req.params.id, req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/tags/:tag/memories', { schema: tagFeedSchema, config: { auth: 'optional' } }, async (req) => {
    const page = await memories.tagFeed(viewerOf(req), req.params.tag, req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get(
    '/users/:username/memories',
    { schema: userFeedSchema, config: { auth: 'optional' } },
    async (req) => {
      const page = await memories.userFeed(viewerOf(req), req.params.username, req.query);
      return { data: page.items, meta: page.meta };
    },
  );

  app.put(
    '/memories/:id/bookmark',
    { schema: bookmarkSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await memories.bookmark(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/memories/:id/bookmark',
    { schema: unbookmarkSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await memories.unbookmark(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get('/me/bookmarks', { schema: listBookmarksSchema, config: { auth: 'required' } }, async (req) => {
    const page = await memories.listBookmarks(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
};
