import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PageQuery, Uuid } from '../../../contracts/common';
import { InboxPage } from '../../../contracts/web';
import type { Deps } from '../../context';
import { defineRoutes } from '../../http/route';
import { listInbox } from './list-inbox';
import { markRead } from './mark-read';

const tags = ['消息'];

export function inboxRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return defineRoutes(deps, { tags }, (route, { act, read }) => {
    route.get('/api/inbox', {
      access: 'account.read_self',
      summary: '我的消息（仅本人）',
      querystring: PageQuery,
      response: { 200: InboxPage },
      handler: (request) => read(request, (ctx) => listInbox(ctx, request.query)),
    });

    route.post('/api/inbox/:id/read', {
      access: 'account.read_self',
      summary: '标记消息已读（仅本人）',
      params: Type.Object({ id: Uuid }),
      response: { 204: Type.Null() },
      handler: async (request) => {
        await act(request, (ctx) => markRead(ctx, request.params.id));
      },
    });
  });
}
