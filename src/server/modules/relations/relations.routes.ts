import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import type { Actor } from '../../lib/authz.ts';
import { friendRequestsRoutes } from './friend-requests.routes.ts';
import type { FriendRequestsService } from './friend-requests.service.ts';
import {
  blockSchema,
  followSchema,
  listBlocksSchema,
  listFollowersSchema,
  listFollowingSchema,
  listFriendsSchema,
  listMutesSchema,
  muteSchema,
  unblockSchema,
  unfollowSchema,
  unfriendSchema,
  unmuteSchema,
} from './relations.schema.ts';
import type { RelationList, RelationsService } from './relations.service.ts';

export interface RelationsRoutesOptions {
  relations: RelationsService;
  friendRequests: FriendRequestsService;
}

type EdgeAction = (actor: Actor, username: string) => Promise<void>;

export const relationsRoutes: FastifyPluginAsyncZod<RelationsRoutesOptions> = async (app, opts) => {
  const { relations, friendRequests } = opts;

  const edges: [method: 'PUT' | 'DELETE', path: string, schema: typeof followSchema, action: EdgeAction][] = [
    ['PUT', '/users/:username/follow', followSchema, (a, u) => relations.follow(a, u)],
    ['DELETE', '/users/:username/follow', unfollowSchema, (a, u) => relations.unfollow(a, u)],
    ['DELETE', '/users/:username/friend', unfriendSchema, (a, u) => relations.unfriend(a, u)],
    ['PUT', '/users/:username/block', blockSchema, (a, u) => relations.block(a, u)],
    ['DELETE', '/users/:username/block', unblockSchema, (a, u) => relations.unblock(a, u)],
    ['PUT', '/users/:username/mute', muteSchema, (a, u) => relations.mute(a, u)],
    ['DELETE', '/users/:username/mute', unmuteSchema, (a, u) => relations.unmute(a, u)],
  ];
  for (const [method, url, schema, action] of edges) {
    app.route({
      method,
      url,
      schema,
      config: { auth: 'required' },
      handler: async (req, reply) => {
        await action(actorOf(req), req.params.username);
        return reply.code(204).send(null);
      },
    });
  }

  const lists: [path: string, schema: typeof listFollowersSchema, list: RelationList][] = [
    ['/users/:username/followers', listFollowersSchema, 'followers'],
    ['/users/:username/following', listFollowingSchema, 'following'],
    ['/users/:username/friends', listFriendsSchema, 'friends'],
  ];
  for (const [url, schema, list] of lists) {
    app.get(url, { schema, config: { auth: 'optional' } }, async (req) => {
      const viewerId = req.actor?.userId ?? null;
      const page = await relations.listPeople(viewerId, req.params.username, list, req.query);
      return { data: page.items, meta: page.meta };
    });
  }

  app.get('/me/blocks', { schema: listBlocksSchema, config: { auth: 'required' } }, async (req) => {
    const page = await relations.listBlocked(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });

  app.get('/me/mutes', { schema: listMutesSchema, config: { auth: 'required' } }, async (req) => {
    const page = await relations.listMuted(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });

  await app.register(friendRequestsRoutes, { friendRequests });
};
