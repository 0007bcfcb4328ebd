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
  WaiverBody,
} from '../../../contracts/verification';
import type { Deps } from '../../context';
import { errorResponses as errors, handlers } from '../../http/route';
import { assignInspectors } from './assign-inspectors';
import { acceptDefence, issueDefenceNotice, recordHearing, stateDefence, waiveDefence } from './defence';
import { checkPublicDraw } from './queries/check-public-draw';
import { getCase } from './queries/get-case';
import { getMyNotice } from './queries/get-my-notice';
import { getTask } from './queries/get-task';
import { getTaskFile } from './queries/get-task-file';
import { listDraws } from './queries/list-draws';
import { listMyNotices } from './queries/list-my-notices';
import { listSeeds } from './queries/list-seeds';
import { listTasks } from './queries/list-tasks';
import { recordFinding } from './record-finding';
import { recordReinspection } from './record-reinspection';
import { type RevocationEffects, revokeForBreach } from './revoke-for-breach';
import { answerNotice, stepDefence, stepOnNotice, stepTask } from './steps';

const tags = ['事中事后核查'];
const Params = Type.Object({ id: Uuid });
const TaskWithNotice = Type.Object({ ...VerificationTask.properties, defenceNotice: DefenceNoticeView });

/**
 * The ladder's routes. What a revocation does outside it (the decision and license, the credit file) is
 * passed in by app.ts, so this module does not import the applications module that creates its tasks.
 */
export function verificationRoutes(deps: Deps, effects: RevocationEffects): FastifyPluginAsyncTypebox {
  const { act, read, publicRead } = handlers(deps);
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
      (request) => read(request, (ctx) => listTasks(ctx, request.query)),
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
      (request) => read(request, (ctx) => getTask(ctx, request.params.id)),
    );

    app.post(
      '/api/verification/tasks/:id/assign',
      {
        config: { access: 'verification.assign' },
        schema: {
          tags,
          summary: '分派核查人员（监管管理员）',
          params: Params,
          body: AssignBody,
          response: { 200: VerificationTask, ...errors },
        },
      },
      (request) => act(request, (ctx) => stepTask(ctx, request.params.id, assignInspectors, request.body)),
    );

    app.post(
      '/api/verification/tasks/:id/result',
      {
        config: { access: 'verification.record' },
        schema: {
          tags,
          summary: '登记核查结果（被分派的核查人员）',
          params: Params,
          body: ResultBody,
          response: { 200: VerificationTask, ...errors },
        },
      },
      (request) => act(request, (ctx) => stepTask(ctx, request.params.id, recordFinding, request.body)),
    );

    app.post(
      '/api/verification/tasks/:id/reinspection',
      {
        config: { access: 'verification.record' },
        schema: {
          tags,
          summary: '登记复查结论（被分派的核查人员）',
          params: Params,
          body: ReinspectBody,
          response: { 200: VerificationTask, ...errors },
        },
      },
      (request) => act(request, (ctx) => stepTask(ctx, request.params.id, recordReinspection, request.body)),
    );

    app.post(
      '/api/verification/tasks/:id/revoke',
      {
        config: { access: 'verification.revoke' },
        schema: {
          tags,
          summary: '撤销审批决定和证照（作出决定的审批部门）',
          params: Params,
          body: RevokeBody,
          response: { 200: VerificationTask, ...errors },
        },
      },
      (request) =>
        act(request, (ctx) =>
          stepTask(
            ctx,
            request.params.id,
            (c, task, input) => revokeForBreach(c, task, input, effects),
            request.body,
          ),
        ),
    );

    app.post(
      '/api/verification/tasks/:id/defence-notice',
      {
        config: { access: 'verification.revoke' },
        schema: {
          tags,
          summary: '送达陈述申辩告知书：事实、理由、依据、拟作出的决定和当事人的权利（作出决定的审批部门）',
          params: Params,
          body: DefenceNoticeBody,
          response: { 200: TaskWithNotice, 201: TaskWithNotice, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await act(request, (ctx) =>
              stepDefence(ctx, request.params.id, issueDefenceNotice, request.body),
            ),
          ),
    );

    app.post(
      '/api/verification/tasks/:id/defence-statement',
      {
        config: { access: 'verification.revoke' },
        schema: {
          tags,
          summary: '记录当事人书面或口头陈述申辩（作出决定的审批部门，当事人未在线提交时）',
          params: Params,
          body: RecordedStatementBody,
          response: { 200: TaskWithNotice, 201: TaskWithNotice, ...errors },
        },
      },
      (request) =>
        act(request, (ctx) =>
          stepOnNotice(
            ctx,
            request.params.id,
            (c, _task, notice, input) => stateDefence(c, notice, input),
            request.body,
          ),
        ),
    );

    app.post(
      '/api/verification/tasks/:id/hearing',
      {
        config: { access: 'verification.revoke' },
        schema: {
          tags,
          summary: '登记听证笔录（作出决定的审批部门）；当事人申请听证的，登记前不能撤销',
          params: Params,
          body: HearingRecordBody,
          response: { 200: TaskWithNotice, 201: TaskWithNotice, ...errors },
        },
      },
      (request) => act(request, (ctx) => stepOnNotice(ctx, request.params.id, recordHearing, request.body)),
    );

    app.post(
      '/api/verification/tasks/:id/accept-defence',
      {
        config: { access: 'verification.revoke' },
        schema: {
          tags,
          summary: '采纳陈述申辩，不予撤销（作出决定的审批部门，写明理由）',
          params: Params,
          body: AcceptDefenceBody,
          response: { 200: TaskWithNotice, 201: TaskWithNotice, ...errors },
        },
      },
      (request) => act(request, (ctx) => stepOnNotice(ctx, request.params.id, acceptDefence, request.body)),
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
      (request) => read(request, (ctx) => getCase(ctx, request.params.id)),
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
        const { file, content } = await read(request, (ctx) =>
          getTaskFile(ctx, request.params.id, request.params.fileId),
        );
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
      (request) => read(request, (ctx) => listDraws(ctx, request.query)),
    );

    // ——— the party (当事人) ———
    const partyTags = ['陈述申辩'];
    const NoticeParams = Type.Object({ id: Uuid });

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
      (request) => read(request, (ctx) => listMyNotices(ctx, request.query)),
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
      (request) => read(request, (ctx) => getMyNotice(ctx, request.params.id)),
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
      (request) => act(request, (ctx) => answerNotice(ctx, request.params.id, stateDefence, request.body)),
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
      (request) => act(request, (ctx) => answerNotice(ctx, request.params.id, waiveDefence, request.body)),
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
      (request) => publicRead(request, (ctx) => listSeeds(ctx, request.query)),
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
      (request) => publicRead(request, (ctx) => checkPublicDraw(ctx, request.params.id)),
    );
  };
}
