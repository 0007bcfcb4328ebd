import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, Page, Uuid } from '../../../contracts/common';
import {
  AssignEscalation,
  EscalationQuery,
  EscalationView,
  escalationKindLabels,
  escalationStatusLabels,
  ResolveEscalation,
} from '../../../contracts/escalation';
import { type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { assertSteward, assignEscalation, requireEscalation, resolveEscalation } from './actions';
import { type EscalationRow, listEscalations } from './repository';

const tags = ['无人办理转办'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const Params = Type.Object({ id: Uuid });

const present = (r: EscalationRow) => ({
  id: r.id,
  kind: r.kind,
  kindLabel: escalationKindLabels[r.kind],
  refType: r.refType,
  refId: r.refId,
  summary: r.summary,
  gaps: r.gaps,
  status: r.status,
  statusLabel: escalationStatusLabels[r.status],
  assignedUserId: r.assignedUserId,
  assignedAt: r.assignedAt?.toISOString() ?? null,
  resolution: r.resolution,
  resolvedBy: r.resolvedBy,
  resolvedAt: r.resolvedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  version: r.version,
});

/** 15.6: the service centre's queue of work nobody can act on. */
export function escalationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/escalations',
      {
        config: { access: 'escalation.manage' },
        schema: {
          tags,
          summary: '无人办理的待审申请和核查任务（政务服务中心系统管理员、事项管理员）',
          querystring: EscalationQuery,
          response: { 200: Page(EscalationView), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        await assertSteward(ctx, ctx.actor);
        const { status, page, pageSize } = request.query;
        const { rows, total } = await listEscalations(ctx.db, status, page, pageSize);
        return { items: rows.map(present), total, page, pageSize };
      },
    );

    app.get(
      '/api/escalations/:id',
      {
        config: { access: 'escalation.manage' },
        schema: {
          tags,
          summary: '转办记录详情',
          params: Params,
          response: { 200: EscalationView, ...errors },
        },
      },
      async (request) =>
        present(await requireEscalation(readContext(deps, caller(request)), request.params.id)),
    );

    app.post(
      '/api/escalations/:id/assign',
      {
        config: { access: 'escalation.manage' },
        schema: {
          tags,
          summary: '指派给能办理的人员（缺员部门中持有所缺角色的在岗人员），并通知本人',
          params: Params,
          body: AssignEscalation,
          response: { 200: EscalationView, ...errors },
        },
      },
      async (request) =>
        present(
          await runAction(deps, caller(request), (ctx) =>
            assignEscalation(ctx, request.params.id, request.body),
          ),
        ),
    );

    app.post(
      '/api/escalations/:id/resolve',
      {
        config: { access: 'escalation.manage' },
        schema: {
          tags,
          summary: '写明处理结果，办结转办记录',
          params: Params,
          body: ResolveEscalation,
          response: { 200: EscalationView, ...errors },
        },
      },
      async (request) =>
        present(
          await runAction(deps, caller(request), (ctx) =>
            resolveEscalation(ctx, request.params.id, request.body),
          ),
        ),
    );
  };
}
