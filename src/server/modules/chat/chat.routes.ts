import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../plugins/auth.ts';
import {
  addMembersRouteSchema,
  createConversationRouteSchema,
  deleteMessageRouteSchema,
  editMessageRouteSchema,
  getConversationRouteSchema,
  leaveRouteSchema,
  listConversationsRouteSchema,
  listMembersRouteSchema,
  listMessagesRouteSchema,
  postMessageRouteSchema,
  readRouteSchema,
  removeMemberRouteSchema,
  renameRouteSchema,
} from './chat.schema.ts';
import type { ChatService } from './chat.service.ts';

export interface ChatRoutesOptions {
  chat: ChatService;
}

export const chatRoutes: FastifyPluginAsyncZod<ChatRoutesOptions> = async (app, { chat }) => {
  app.post(
    '/conversations',
    { schema: createConversationRouteSchema, config: { auth: 'required', idempotent: true } },
    async (req, reply) => {
      const { conversation, created } = await chat.openConversation(actorOf(req), req.body);
      return reply.code(created ? 201 : 200).send({ data: conversation });
    },
  );

  app.get(
    '/conversations',
    { schema: listConversationsRouteSchema, config: { auth: 'required' } },
    async (req) => {
      const page = await chat.listConversations(actorOf(req), req.query);
      return { data: page.items, meta: page.meta };
    },
  );

  app.get(
    '/conversations/:id',
    { schema: getConversationRouteSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await chat.getConversation(actorOf(req), req.params.id),
    }),
  );

  app.patch(
    '/conversations/:id',
    { schema: renameRouteSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await chat.rename(actorOf(req), req.params.id, req.body.name),
    }),
  );

  app.get(
    '/conversations/:id/messages',
    { schema: listMessagesRouteSchema, config: { auth: 'required' } },
    async (req) => {
      const page = await chat.listMessages(actorOf(req), req.params.id, req.query);
      return { data: page.items, meta: page.meta };
    },
  );

  app.post(
    '/conversations/:id/messages',
    // The service spends the sender's allowance first: 429 RATE_LIMITED with Retry-After past it.
    { schema: postMessageRouteSchema, config: { auth: 'required' } },
    async (req, reply) => {
      const { message, created } = await chat.sendMessage(actorOf(req), {
        conversationId: req.params.id,
        ...req.body,
      });
      return reply.code(created ? 201 : 200).send({ data: message });
    },
  );

  app.patch(
    '/messages/:id',
    { schema: editMessageRouteSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await chat.editMessage(actorOf(req), req.params.id, req.body.body),
    }),
  );

  app.delete(
    '/messages/:id',
    { schema: deleteMessageRouteSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await chat.deleteMessage(actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/conversations/:id/read',
    { schema: readRouteSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await chat.markRead(actorOf(req), {
        conversationId: req.params.id,
        messageId: req.body.messageId,
      }),
    }),
  );

  app.get(
    '/conversations/:id/members',
    { schema: listMembersRouteSchema, config: { auth: 'required' } },
    async (req) => {
      const page = await chat.listMembers(actorOf(req), req.params.id, req.query);
      return { data: page.items, meta: page.meta };
    },
  );

  app.post(
    '/conversations/:id/members',
    { schema: addMembersRouteSchema, config: { auth: 'required' } },
    async (req) => ({
      data: await chat.addMembers(actorOf(req), req.params.id, req.body.userIds),
    }),
  );

  app.delete(
    '/conversations/:id/members/:userId',
    { schema: removeMemberRouteSchema, config: { auth: 'required' } },
    async (req, reply) => {
      await chat.removeMember(actorOf(req), req.params.id, req.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/conversations/:id/leave',
    { schema: leaveRouteSchema, config: { auth: 'required' } },
    async (req, reply) => {
      const actor = actorOf(req);
      await chat.removeMember(actor, req.params.id, actor.userId);
      return reply.code(204).send(null);
    },
  );
};
