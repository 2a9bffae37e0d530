import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import {
  approveGroupRequestSchema,
  banGroupUserSchema,
  createGroupSchema,
  declineGroupRequestSchema,
  deleteGroupSchema,
  getGroupSchema,
  joinGroupSchema,
  leaveGroupSchema,
  listGroupBansSchema,
  listGroupMembersSchema,
  listGroupRequestsSchema,
  listGroupsSchema,
  listMyGroupsSchema,
  setGroupMemberRoleSchema,
  unbanGroupUserSchema,
  updateGroupSchema,
} from './groups.schema.ts';
import type { GroupsService } from './groups.service.ts';

const viewerOf = (req: { actor: { userId: string } | null }) => req.actor?.userId ?? null;

/** Groups: finding, starting and changing them, joining, and who belongs (members, requests, bans). */
export const groupsRoutes: FastifyPluginAsyncZod<{ groups: GroupsService }> = async (app, { groups }) => {
  app.post(
    '/groups',
    { schema: createGroupSchema, config: { auth: 'required', idempotent: true } },
    async (req, reply) => reply.code(201).send({ data: await groups.createGroup(actorOf(req), req.body) }),
  );
  app.get('/groups', { schema: listGroupsSchema, config: { auth: 'optional' } }, async (req) => {
    const page = await groups.listGroups(viewerOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/me/groups', { schema: listMyGroupsSchema, config: { auth: 'required' } }, async (req) => {
    const page = await groups.listMyGroups(actorOf(req), req.query);
    return { data: page.items, meta: page.meta };
  });
  app.get('/groups/:id', { schema: getGroupSchema, config: { auth: 'optional' } }, async (req) => ({
    data: await groups.getGroup(viewerOf(req), req.params.id),
  }));
  app.patch('/groups/:id', { schema: updateGroupSchema, config: { auth: 'required' } }, async (req) => ({
    data: await groups.updateGroup(actorOf(req), req.params.id, req.body),
  }));
  app.delete(
    '/groups/:id',
    { schema: deleteGroupSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await groups.deleteGroup(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post('/groups/:id/join', { schema: joinGroupSchema, config: { auth: 'required' } }, async (req) => ({
    data: await groups.joinGroup(actorOf(req), req.params.id),
  }));
  app.delete(
    '/groups/:id/membership',
    { schema: leaveGroupSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await groups.leaveGroup(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/groups/:id/members',
    { schema: listGroupMembersSchema, config: { auth: 'optional' } },
    async (req) => {
      const page = await groups.listMembers(viewerOf(req), req.params.id, req.query);
      return { data: page.items, meta: page.meta };
    },
  );
  app.put(
    '/groups/:id/members/:userId',
    { schema: setGroupMemberRoleSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await groups.setMemberRole(actorOf(req), req.params.id, req.params.userId, req.body.role),
    }),
  );

  app.get(
    '/groups/:id/requests',
    { schema: listGroupRequestsSchema, config: { auth: 'required' } },
    async (req) => {
      const page = await groups.listRequests(actorOf(req), req.params.id, req.query);
      return { data: page.items, meta: page.meta };
    },
  );
  app.post(
    '/groups/:id/requests/:userId/approve',
    { schema: approveGroupRequestSchema, config: { auth: 'required' } },
    async (req, reply) =>
      reply.code(201).send({
        data: await groups.approveRequest(actorOf(req), req.params.id, req.params.userId),
      }),
  );
  app.post(
    '/groups/:id/requests/:userId/decline',
    { schema: declineGroupRequestSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await groups.declineRequest(actorOf(req), req.params.id, req.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.get('/groups/:id/bans', { schema: listGroupBansSchema, config: { auth: 'required' } }, async (req) => {
    const page = await groups.listBans(actorOf(req), req.params.id, req.query);
    return { data: page.items, meta: page.meta };
  });
  app.put(
    '/groups/:id/bans/:userId',
    { schema: banGroupUserSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await groups.banUser(actorOf(req), req.params.id, req.params.userId);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/groups/:id/bans/:userId',
    { schema: unbanGroupUserSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await groups.unbanUser(actorOf(req), req.params.id, req.params.userId);
      return reply.code(204).send(null);
    },
  );
};
