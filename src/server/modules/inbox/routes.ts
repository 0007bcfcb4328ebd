import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PageQuery, Uuid } from '../../../contracts/common';
import { InboxPage } from '../../../contracts/web';
import type { Deps } from '../../context';
import { errorResponses as errors, handlers } from '../../http/route';
import { listInbox } from './list-inbox';
import { markRead } from './mark-read';

const tags = ['消息'];

export function inboxRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const { act, read } = handlers(deps);
  return async (app) => {
    app.get(
      '/api/inbox',
      {
        config: { access: 'account.read_self' },
        schema: {
          tags,
          summary: '我的消息（仅本人）',
          querystring: PageQuery,
          response: { 200: InboxPage, ...errors },
        },
      },
      (request) => read(request, (ctx) => listInbox(ctx, request.query)),
    );

    app.post(
      '/api/inbox/:id/read',
      {
        config: { access: 'account.read_self' },
        schema: {
          tags,
          summary: '标记消息已读（仅本人）',
          params: Type.Object({ id: Uuid }),
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await act(request, (ctx) => markRead(ctx, request.params.id));
        return reply.status(204).send(null);
      },
    );
  };
}
