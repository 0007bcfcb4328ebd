import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, PageQuery, Uuid } from '../../../contracts/common';
import { InboxPage } from '../../../contracts/web';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import { type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { findNotification, listInbox, markRead } from './repository';

const tags = ['消息'];

const userIdOf = (actor: ReturnType<typeof caller>['actor']): string => {
  if (actor.kind !== 'staff' && actor.kind !== 'applicant')
    throw new DomainError('FORBIDDEN', '仅个人账号有消息');
  return actor.userId;
};

export function inboxRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/inbox',
      {
        config: { access: 'account.read_self' },
        schema: {
          tags,
          summary: '我的消息（仅本人）',
          querystring: PageQuery,
          response: {
            200: InboxPage,
            401: ErrorResponse,
            403: ErrorResponse,
          },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const { page, pageSize } = request.query;
        const { rows, total, unread } = await listInbox(ctx.tx, userIdOf(ctx.actor), page, pageSize);
        return {
          items: rows.map((r) => ({
            ...r,
            createdAt: r.createdAt.toISOString(),
            readAt: r.readAt?.toISOString() ?? null,
          })),
          total,
          unread,
          page,
          pageSize,
        };
      },
    );

    app.post(
      '/api/inbox/:id/read',
      {
        config: { access: 'account.read_self' },
        schema: {
          tags,
          summary: '标记消息已读（仅本人）',
          params: Type.Object({ id: Uuid }),
          response: { 204: Type.Null(), 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request, reply) => {
        await runAction(deps, caller(request), async (ctx) => {
          const userId = userIdOf(ctx.actor);
          const row = await markRead(ctx.tx, request.params.id, userId, ctx.now);
          if (!row) {
            const existing = await findNotification(ctx.tx, request.params.id);
            // Someone else's notice is reported as absent, so ids reveal nothing.
            if (!existing || existing.userId !== userId) throw new DomainError('NOT_FOUND', '消息不存在');
            return;
          }
          await appendAudit(ctx, {
            action: 'notification.read',
            targetType: 'notification',
            targetId: row.id,
          });
        });
        return reply.status(204).send(null);
      },
    );
  };
}
