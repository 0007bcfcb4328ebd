import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, Page, Uuid } from '../../../contracts/common';
import {
  AssignBody,
  ReinspectBody,
  ResultBody,
  RevokeBody,
  TaskHistoryEntry,
  TaskQuery,
  VerificationTask,
  verificationEventLabels,
  verificationStatusLabels,
} from '../../../contracts/verification';
import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { type Ctx, type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { assignInspectors, recordFinding, recordReinspection, revokeForBreach } from './actions';
import { revocationEffects } from './effects';
import {
  findTask,
  itemNameOf,
  listTaskEvents,
  listTasks,
  openStatuses,
  scopeForStaff,
  type TaskRow,
} from './repository';

const tags = ['事中事后核查'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const Params = Type.Object({ id: Uuid });

function present(task: TaskRow, itemName: string, today: string) {
  return {
    id: task.id,
    applicationId: task.applicationId,
    licenseId: task.licenseId,
    itemVersionId: task.itemVersionId,
    itemName,
    mode: task.mode,
    subjectName: task.subjectName,
    subjectCode: task.subjectCodeMasked,
    grade: task.grade,
    method: task.method,
    reason: task.reason,
    status: task.status,
    statusLabel: verificationStatusLabels[task.status],
    supervisingDepartmentId: task.supervisingDepartmentId,
    approvingDepartmentId: task.approvingDepartmentId,
    inspectorIds: task.inspectorIds,
    dueDate: task.dueDate,
    overdue: openStatuses.includes(task.status) && task.dueDate < today,
    rectificationDueDate: task.rectificationDueDate,
    revocationReason: task.revocationReason,
    referredToJudicial: task.referredToJudicial,
    createdAt: task.createdAt.toISOString(),
    closedAt: task.closedAt?.toISOString() ?? null,
    version: task.version,
  };
}

/** Staff see the tasks of their department's role in the ladder; nobody else sees any. */
function staffScope(actor: Actor) {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看核查任务');
  return scopeForStaff(actor.departmentId, actor.userId, actor.roles);
}

async function visibleTask(ctx: Ctx, id: string): Promise<TaskRow> {
  const task = await findTask(ctx.tx, id);
  const a = ctx.actor;
  const visible =
    task &&
    a.kind === 'staff' &&
    ((a.departmentId === task.supervisingDepartmentId &&
      (a.roles.includes('supervision_admin') || task.inspectorIds.includes(a.userId))) ||
      (a.departmentId === task.approvingDepartmentId && a.roles.includes('approver')));
  // Another department's task is reported as absent, so ids reveal nothing.
  if (!task || !visible) throw new DomainError('NOT_FOUND', '核查任务不存在');
  return task;
}

export function verificationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/verification/tasks',
      {
        config: { access: 'verification.read' },
        schema: {
          tags,
          summary: '核查任务列表（监管管理员：本部门；核查人员：分派给本人；审批人员：本部门作出的决定）',
          querystring: TaskQuery,
          response: { 200: Page(VerificationTask), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const { page, pageSize, status, overdue } = request.query;
        const today = chinaDate(ctx.now);
        const { rows, total } = await listTasks(
          ctx.tx,
          staffScope(ctx.actor),
          { status, overdueBefore: overdue ? today : undefined },
          page,
          pageSize,
        );
        return { items: rows.map((r) => present(r.task, r.itemName, today)), total, page, pageSize };
      },
    );

    app.get(
      '/api/verification/tasks/:id',
      {
        config: { access: 'verification.read' },
        schema: {
          tags,
          summary: '核查任务详情及处理记录',
          params: Params,
          response: {
            200: Type.Object({ ...VerificationTask.properties, history: Type.Array(TaskHistoryEntry) }),
            ...errors,
          },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const task = await visibleTask(ctx, request.params.id);
        const events = await listTaskEvents(ctx.tx, task.id);
        return {
          ...present(task, await itemNameOf(ctx.tx, task.itemVersionId), chinaDate(ctx.now)),
          history: events.map((e) => ({
            event: e.event,
            label: verificationEventLabels[e.event],
            fromStatus: e.fromStatus,
            toStatus: e.toStatus,
            actorName: e.actorName,
            detail: e.detail,
            at: e.at.toISOString(),
          })),
        };
      },
    );

    const step = <B>(
      url: string,
      access: 'verification.assign' | 'verification.record' | 'verification.revoke',
      summary: string,
      body: B,
      act: (ctx: Ctx, task: TaskRow, input: never) => Promise<TaskRow>,
    ) =>
      app.post(
        url,
        {
          config: { access },
          schema: {
            tags,
            summary,
            params: Params,
            body: body as never,
            response: { 200: VerificationTask, ...errors },
          },
        },
        async (request) =>
          runAction(deps, caller(request), async (ctx) => {
            const { id } = request.params as { id: string };
            const after = await act(ctx, await visibleTask(ctx, id), request.body as never);
            return present(after, await itemNameOf(ctx.tx, after.itemVersionId), chinaDate(ctx.now));
          }),
      );

    step(
      '/api/verification/tasks/:id/assign',
      'verification.assign',
      '分派核查人员（监管管理员）',
      AssignBody,
      assignInspectors,
    );
    step(
      '/api/verification/tasks/:id/result',
      'verification.record',
      '登记核查结果（被分派的核查人员）',
      ResultBody,
      recordFinding,
    );
    step(
      '/api/verification/tasks/:id/reinspection',
      'verification.record',
      '登记复查结论（被分派的核查人员）',
      ReinspectBody,
      recordReinspection,
    );
    step(
      '/api/verification/tasks/:id/revoke',
      'verification.revoke',
      '撤销审批决定和证照（作出决定的审批部门）',
      RevokeBody,
      (ctx, task, input) => revokeForBreach(ctx, task, input, revocationEffects),
    );
  };
}
