import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, Uuid } from '../../../contracts/common';
import {
  AssignEscalation,
  EscalationQuery,
  EscalationView,
  ResolveEscalation,
} from '../../../contracts/escalation';
import type { Deps } from '../../context';
import { errorResponses as errors, handlers } from '../../http/route';
import { assignEscalation } from './assign-escalation';
import { getEscalation } from './queries/get-escalation';
import { listEscalations } from './queries/list-escalations';
import { resolveEscalation } from './resolve-escalation';

const tags = ['无人办理转办'];
const Params = Type.Object({ id: Uuid });

/** 15.6: the service centre's queue of work nobody can act on. */
export function escalationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const { act, read } = handlers(deps);
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
      (request) => read(request, (ctx) => listEscalations(ctx, request.query)),
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
      (request) => read(request, (ctx) => getEscalation(ctx, request.params.id)),
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
      (request) => act(request, (ctx) => assignEscalation(ctx, request.params.id, request.body)),
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
      (request) => act(request, (ctx) => resolveEscalation(ctx, request.params.id, request.body)),
    );
  };
}
