import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, Page, PageQuery, Uuid } from '../../../contracts/common';
import {
  AcceptDefenceBody,
  AssignBody,
  CaseView,
  DefenceNoticeBody,
  DefenceNoticeView,
  DefenceStatementBody,
  DrawQuery,
  EvidenceFileView,
  HearingRecordBody,
  PublicDrawCheck,
  PublicSeed,
  RecordedStatementBody,
  ReinspectBody,
  ResultBody,
  RevokeBody,
  SamplingDrawView,
  TaskHistoryEntry,
  TaskQuery,
  VerificationTask,
  verificationEventLabels,
  verificationStatusLabels,
  WaiverBody,
} from '../../../contracts/verification';
import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { type Ctx, type Deps, type ReadCtx, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { assignInspectors, recordFinding, recordReinspection, revokeForBreach } from './actions';
import { readCase, taskFile } from './case-access';
import { acceptDefence, issueDefenceNotice, recordHearing, stateDefence, waiveDefence } from './defence';
import { revocationEffects } from './effects';
import { checkDraw, presentDraw, presentEvidence, presentNotice, presentSeed } from './present';
import {
  evidenceOfTask,
  findDraw,
  findNotice,
  findNoticeOfTask,
  findTask,
  itemNameOf,
  listDraws,
  listSeeds,
  listTaskEvents,
  listTasks,
  noticesOfParty,
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
    drawId: task.drawId,
  };
}

/** Staff see the tasks of their department's role in the ladder; nobody else sees any. */
function staffScope(actor: Actor) {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看核查任务');
  return scopeForStaff(actor.departmentId, actor.userId, actor.roles);
}

async function visibleTask(ctx: ReadCtx, id: string): Promise<TaskRow> {
  const task = await findTask(ctx.db, id);
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
          ctx.db,
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
            200: Type.Object({
              ...VerificationTask.properties,
              history: Type.Array(TaskHistoryEntry),
              evidence: Type.Array(EvidenceFileView),
              defenceNotice: Type.Union([DefenceNoticeView, Type.Null()]),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const task = await visibleTask(ctx, request.params.id);
        const events = await listTaskEvents(ctx.db, task.id);
        const notice = await findNoticeOfTask(ctx.db, task.id);
        const today = chinaDate(ctx.now);
        return {
          ...present(task, await itemNameOf(ctx.db, task.itemVersionId), today),
          evidence: (await evidenceOfTask(ctx.db, task.id)).map(presentEvidence),
          defenceNotice: notice ? presentNotice(notice, today) : null,
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

    const TaskWithNotice = Type.Object({ ...VerificationTask.properties, defenceNotice: DefenceNoticeView });
    const withNotice = async (
      ctx: Ctx,
      r: { task: TaskRow; notice: Parameters<typeof presentNotice>[0] },
    ) => {
      const today = chinaDate(ctx.now);
      return {
        ...present(r.task, await itemNameOf(ctx.tx, r.task.itemVersionId), today),
        defenceNotice: presentNotice(r.notice, today),
      };
    };
    const noticeOf = async (ctx: Ctx, task: TaskRow) => {
      const notice = await findNoticeOfTask(ctx.tx, task.id);
      if (!notice) throw new DomainError('PRECONDITION_FAILED', '尚未送达陈述申辩告知书');
      return notice;
    };
    const defenceStep = <B>(
      url: string,
      summary: string,
      body: B,
      act: (ctx: Ctx, task: TaskRow, input: never) => Promise<{ task: TaskRow; notice: never }>,
      status = 200,
    ) =>
      app.post(
        url,
        {
          config: { access: 'verification.revoke' },
          schema: {
            tags,
            summary,
            params: Params,
            body: body as never,
            response: { 200: TaskWithNotice, 201: TaskWithNotice, ...errors, 412: ErrorResponse },
          },
        },
        async (request, reply) => {
          const out = await runAction(deps, caller(request), async (ctx) => {
            const { id } = request.params as { id: string };
            return withNotice(ctx, await act(ctx, await visibleTask(ctx, id), request.body as never));
          });
          reply.status(status);
          return out;
        },
      );

    defenceStep(
      '/api/verification/tasks/:id/defence-notice',
      '送达陈述申辩告知书：事实、理由、依据、拟作出的决定和当事人的权利（作出决定的审批部门）',
      DefenceNoticeBody,
      issueDefenceNotice as never,
      201,
    );
    defenceStep(
      '/api/verification/tasks/:id/defence-statement',
      '记录当事人书面或口头陈述申辩（作出决定的审批部门，当事人未在线提交时）',
      RecordedStatementBody,
      (async (ctx: Ctx, task: TaskRow, input: never) =>
        stateDefence(ctx, await noticeOf(ctx, task), input)) as never,
    );
    defenceStep(
      '/api/verification/tasks/:id/hearing',
      '登记听证笔录（作出决定的审批部门）；当事人申请听证的，登记前不能撤销',
      HearingRecordBody,
      (async (ctx: Ctx, task: TaskRow, input: never) =>
        recordHearing(ctx, task, await noticeOf(ctx, task), input)) as never,
    );

    defenceStep(
      '/api/verification/tasks/:id/accept-defence',
      '采纳陈述申辩，不予撤销（作出决定的审批部门，写明理由）',
      AcceptDefenceBody,
      (async (ctx: Ctx, task: TaskRow, input: never) =>
        acceptDefence(ctx, task, await noticeOf(ctx, task), input)) as never,
    );

    app.get(
      '/api/verification/tasks/:id/case',
      {
        config: { access: 'verification.read' },
        schema: {
          tags,
          summary: '核查对象的办件：承诺书、申请材料、审批决定和证照（被分派的核查人员）',
          params: Params,
          response: { 200: CaseView, ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        return readCase(ctx, await visibleTask(ctx, request.params.id));
      },
    );

    app.get(
      '/api/verification/tasks/:id/files/:fileId',
      {
        config: { access: 'verification.read' },
        schema: {
          tags,
          summary: '下载核查任务的文件：证据和陈述申辩材料（能查看任务的人员），办件材料（被分派的核查人员）',
          params: Type.Object({ id: Uuid, fileId: Uuid }),
        },
      },
      async (request, reply) => {
        const ctx = readContext(deps, caller(request));
        const task = await visibleTask(ctx, request.params.id);
        const { file, content } = await taskFile(ctx, task, request.params.fileId);
        return reply
          .type(file.mime)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-type-options', 'nosniff')
          .send(content);
      },
    );

    app.get(
      '/api/verification/draws',
      {
        config: { access: 'verification.draws' },
        schema: {
          tags,
          summary: '本部门监管事项的抽查抽取记录（抽中、未抽中、待抽取），监管管理员',
          querystring: DrawQuery,
          response: { 200: Page(SamplingDrawView), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const a = ctx.actor;
        if (a.kind !== 'staff' || !a.roles.includes('supervision_admin')) {
          throw new DomainError('FORBIDDEN', '仅限监管管理员查看抽查记录');
        }
        const { page, pageSize, status } = request.query;
        const { rows, total } = await listDraws(ctx.db, a.departmentId, status, page, pageSize);
        return { items: rows.map((r) => presentDraw(r.draw, r.itemName)), total, page, pageSize };
      },
    );

    // ——— the party (当事人) ———
    const partyTags = ['陈述申辩'];
    const NoticeParams = Type.Object({ id: Uuid });
    const partyNotice = async (ctx: ReadCtx, id: string) => {
      const notice = await findNotice(ctx.db, id);
      const a = ctx.actor;
      if (!notice || a.kind !== 'applicant' || notice.partyUserId !== a.userId) {
        throw new DomainError('NOT_FOUND', '陈述申辩告知书不存在');
      }
      return notice;
    };

    app.get(
      '/api/my/defence-notices',
      {
        config: { access: 'defence.respond' },
        schema: {
          tags: partyTags,
          summary: '我收到的陈述申辩告知书',
          querystring: PageQuery,
          response: { 200: Page(DefenceNoticeView), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        if (ctx.actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '仅申请人账号可以查看');
        const { page, pageSize } = request.query;
        const { rows, total } = await noticesOfParty(ctx.db, ctx.actor.userId, page, pageSize);
        const today = chinaDate(ctx.now);
        return { items: rows.map((n) => presentNotice(n, today)), total, page, pageSize };
      },
    );

    app.get(
      '/api/my/defence-notices/:id',
      {
        config: { access: 'defence.respond' },
        schema: {
          tags: partyTags,
          summary: '陈述申辩告知书详情（当事人本人）',
          params: NoticeParams,
          response: { 200: DefenceNoticeView, ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        return presentNotice(await partyNotice(ctx, request.params.id), chinaDate(ctx.now));
      },
    );

    app.post(
      '/api/my/defence-notices/:id/statement',
      {
        config: { access: 'defence.respond' },
        schema: {
          tags: partyTags,
          summary: '提交陈述申辩意见（当事人本人，期限内一次；告知有听证权利的可同时申请听证）',
          params: NoticeParams,
          body: DefenceStatementBody,
          response: { 200: DefenceNoticeView, ...errors, 412: ErrorResponse },
        },
      },
      async (request) =>
        runAction(deps, caller(request), async (ctx) => {
          const { notice } = await stateDefence(ctx, await partyNotice(ctx, request.params.id), request.body);
          return presentNotice(notice, chinaDate(ctx.now));
        }),
    );

    app.post(
      '/api/my/defence-notices/:id/waiver',
      {
        config: { access: 'defence.respond' },
        schema: {
          tags: partyTags,
          summary: '书面放弃陈述申辩（当事人本人）',
          params: NoticeParams,
          body: WaiverBody,
          response: { 200: DefenceNoticeView, ...errors, 412: ErrorResponse },
        },
      },
      async (request) =>
        runAction(deps, caller(request), async (ctx) => {
          const { notice } = await waiveDefence(ctx, await partyNotice(ctx, request.params.id), request.body);
          return presentNotice(notice, chinaDate(ctx.now));
        }),
    );

    // ——— public: anyone re-checks the 抽查 ———
    const publicTags = ['事中事后核查（公开）'];
    app.get(
      '/api/public/verification/seeds',
      {
        config: { access: 'public' },
        schema: {
          tags: publicTags,
          summary: '抽查的每日种子：当日开始前公布哈希，当日结束后公开种子，及当日抽取数和抽中数',
          querystring: PageQuery,
          response: { 200: Page(PublicSeed), 400: ErrorResponse },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const { rows, total } = await listSeeds(deps.database.db, page, pageSize);
        return { items: rows.map(presentSeed), total, page, pageSize };
      },
    );

    app.get(
      '/api/public/verification/draws/:id/check',
      {
        config: { access: 'public' },
        schema: {
          tags: publicTags,
          summary: '按公开的种子和输入重新计算一次抽查抽取并与记录核对（种子公开后）',
          params: Params,
          response: { 200: PublicDrawCheck, 400: ErrorResponse, 404: ErrorResponse, 412: ErrorResponse },
        },
      },
      async (request) => {
        const row = await findDraw(deps.database.db, request.params.id);
        if (!row) throw new DomainError('NOT_FOUND', '抽取记录不存在');
        return checkDraw(row.draw, row.itemName, row.seed);
      },
    );
  };
}
