import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import {
  bookmarkSchema,
  cityFeedSchema,
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
  const signedIn = { onRequest: app.requireUser };
  const maybeSignedIn = { onRequest: app.optionalUser };

  app.post('/memories', { ...signedIn, schema: createMemorySchema }, async (req, reply) =>
    reply.code(201).send({ data: await memories.create(actorOf(req), req.body) }),
  );
  app.get('/memories/:id', { ...maybeSignedIn, schema: getMemorySchema }, async (req) => ({
    data: await memories.get(viewerOf(req), req.params.id),
  }));
  app.patch('/memories/:id', { ...signedIn, schema: updateMemorySchema }, async (req) => ({
    data: await memories.update(actorOf(req), req.params.id, req.body),
  }));
  app.delete('/memories/:id', { ...signedIn, schema: deleteMemorySchema }, async (req, reply) => {
    await memories.remove(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/feed', { ...signedIn, schema: homeFeedSchema }, async (req) => {
    const page = await memories.homeFeed(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/feed/public', { ...maybeSignedIn, schema: publicFeedSchema }, async (req) => {
    const page = await memories.publicFeed(viewerOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/cities/:city/feed', { ...maybeSignedIn, schema: cityFeedSchema }, async (req) => {
    const page = await memories.cityFeed(viewerOf(req), req.params.city, req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/tags/:tag/memories', { ...maybeSignedIn, schema: tagFeedSchema }, async (req) => {
    const page = await memories.tagFeed(viewerOf(req), req.params.tag, req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/users/:username/memories', { ...maybeSignedIn, schema: userFeedSchema }, async (req) => {
    const page = await memories.userFeed(viewerOf(req), req.params.username, req.query);
    return { data: page.items, meta: page.meta };
  });

  app.put('/memories/:id/bookmark', { ...signedIn, schema: bookmarkSchema }, async (req, reply) => {
    await memories.bookmark(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.delete('/memories/:id/bookmark', { ...signedIn, schema: unbookmarkSchema }, async (req, reply) => {
    await memories.unbookmark(actorOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.get('/me/bookmarks', { ...signedIn, schema: listBookmarksSchema }, async (req) => {
    const page = await memories.listBookmarks(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
};
