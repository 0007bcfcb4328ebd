import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, type TSchema, Type } from 'typebox';
import { FileParams, IdParams, PageQuery } from '../../../contracts/common';
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
import {
  actOnId,
  defineRoutes,
  fileDownload,
  oneById,
  pageOf,
  publicOneById,
  publicPageOf,
} from '../../http/route';
import { acceptDefence } from './accept-defence';
import { assignInspectors } from './assign-inspectors';
import { issueDefenceNotice } from './issue-defence-notice';
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
import { recordHearing } from './record-hearing';
import { recordReinspection } from './record-reinspection';
import { type RevocationEffects, revokeForBreach } from './revoke-for-breach';
import { stateDefence } from './state-defence';
import { type NoticeStep, onOwnNotice, onTask, stepDefence, stepOnNotice } from './steps';
import { waiveDefence } from './waive-defence';

const tags = ['事中事后核查'];
const TaskWithNotice = Type.Object({ ...VerificationTask.properties, defenceNotice: DefenceNoticeView });
/**
 * A step of due process on a task whose notice has been served, by the task's id: answered with the task
 * and its notice, documented with the same answers as the notice's service (200 and 201).
 */
const onServedNotice = <B extends TSchema>(body: B, step: NoticeStep<Static<B>>) => ({
  ...actOnId(body, TaskWithNotice, (ctx, id, input: Static<B>) => stepOnNotice(ctx, id, step, input)),
  response: { 200: TaskWithNotice, 201: TaskWithNotice },
});

/**
 * The ladder's routes. What a revocation does outside it (the decision and license, the credit file) is
 * passed in by app.ts, so this module does not import the applications module that creates its tasks.
 */
export function verificationRoutes(deps: Deps, effects: RevocationEffects): FastifyPluginAsyncTypebox {
  return defineRoutes({ tags }, (route, { act, read }) => {
    route.get('/api/verification/tasks', {
      access: 'verification.read',
      summary: '核查任务列表（监管管理员：本部门；核查人员：分派给本人；审批人员：本部门作出的决定）',
      ...pageOf(TaskQuery, VerificationTask, listTasks),
    });

    route.get('/api/verification/tasks/:id', {
      access: 'verification.read',
      summary: '核查任务详情及处理记录',
      params: IdParams,
      response: {
        200: Type.Object({
          ...VerificationTask.properties,
          history: Type.Array(TaskHistoryEntry),
          evidence: Type.Array(EvidenceFileView),
          defenceNotice: Type.Union([DefenceNoticeView, Type.Null()]),
        }),
      },
      read: (ctx, { params }) => getTask(ctx, params.id),
    });

    route.post('/api/verification/tasks/:id/assign', {
      access: 'verification.assign',
      summary: '分派核查人员（监管管理员）',
      ...actOnId(AssignBody, VerificationTask, onTask(assignInspectors)),
    });

    route.post('/api/verification/tasks/:id/result', {
      access: 'verification.record',
      summary: '登记核查结果（被分派的核查人员）',
      ...actOnId(ResultBody, VerificationTask, onTask(recordFinding)),
    });

    route.post('/api/verification/tasks/:id/reinspection', {
      access: 'verification.record',
      summary: '登记复查结论（被分派的核查人员）',
      ...actOnId(ReinspectBody, VerificationTask, onTask(recordReinspection)),
    });

    route.post('/api/verification/tasks/:id/revoke', {
      access: 'verification.revoke',
      summary: '撤销审批决定和证照（作出决定的审批部门）',
      ...actOnId(
        RevokeBody,
        VerificationTask,
        onTask((ctx, task, input) => revokeForBreach(ctx, task, input, effects)),
      ),
    });

    route.post('/api/verification/tasks/:id/defence-notice', {
      access: 'verification.revoke',
      summary: '送达陈述申辩告知书：事实、理由、依据、拟作出的决定和当事人的权利（作出决定的审批部门）',
      params: IdParams,
      body: DefenceNoticeBody,
      response: { 200: TaskWithNotice, 201: TaskWithNotice },
      handler: async (request, reply) => {
        const { params, body } = request;
        const task = await act(request, (ctx) => stepDefence(ctx, params.id, issueDefenceNotice, body));
        return reply.status(201).send(task);
      },
    });

    route.post('/api/verification/tasks/:id/defence-statement', {
      access: 'verification.revoke',
      summary: '记录当事人书面或口头陈述申辩（作出决定的审批部门，当事人未在线提交时）',
      ...onServedNotice(RecordedStatementBody, (c, _task, notice, input) => stateDefence(c, notice, input)),
    });

    route.post('/api/verification/tasks/:id/hearing', {
      access: 'verification.revoke',
      summary: '登记听证笔录（作出决定的审批部门）；当事人申请听证的，登记前不能撤销',
      ...onServedNotice(HearingRecordBody, recordHearing),
    });

    route.post('/api/verification/tasks/:id/accept-defence', {
      access: 'verification.revoke',
      summary: '采纳陈述申辩，不予撤销（作出决定的审批部门，写明理由）',
      ...onServedNotice(AcceptDefenceBody, acceptDefence),
    });

    route.get('/api/verification/tasks/:id/case', {
      access: 'verification.read',
      summary: '核查对象的办件：承诺书、申请材料、审批决定和证照（被分派的核查人员）',
      ...oneById(CaseView, getCase),
    });

    route.get('/api/verification/tasks/:id/files/:fileId', {
      access: 'verification.read',
      summary: '下载核查任务的文件：证据和陈述申辩材料（能查看任务的人员），办件材料（被分派的核查人员）',
      ...fileDownload(read, FileParams, (ctx, { id, fileId }) => getTaskFile(ctx, id, fileId)),
    });

    route.get('/api/verification/draws', {
      access: 'verification.draws',
      summary: '本部门监管事项的抽查抽取记录（抽中、未抽中、待抽取），监管管理员',
      ...pageOf(DrawQuery, SamplingDrawView, listDraws),
    });

    // ——— the party (当事人) ———
    const partyTags = ['陈述申辩'];

    route.get('/api/my/defence-notices', {
      access: 'defence.respond',
      tags: partyTags,
      summary: '我收到的陈述申辩告知书',
      ...pageOf(PageQuery, DefenceNoticeView, listMyNotices),
    });

    route.get('/api/my/defence-notices/:id', {
      access: 'defence.respond',
      tags: partyTags,
      summary: '陈述申辩告知书详情（当事人本人）',
      ...oneById(DefenceNoticeView, getMyNotice),
    });

    route.post('/api/my/defence-notices/:id/statement', {
      access: 'defence.respond',
      tags: partyTags,
      summary: '提交陈述申辩意见（当事人本人，期限内一次；告知有听证权利的可同时申请听证）',
      ...actOnId(DefenceStatementBody, DefenceNoticeView, onOwnNotice(stateDefence)),
    });

    route.post('/api/my/defence-notices/:id/waiver', {
      access: 'defence.respond',
      tags: partyTags,
      summary: '书面放弃陈述申辩（当事人本人）',
      ...actOnId(WaiverBody, DefenceNoticeView, onOwnNotice(waiveDefence)),
    });

    // ——— public: anyone re-checks the 抽查 ———
    const publicTags = ['事中事后核查（公开）'];
    route.get('/api/public/verification/seeds', {
      access: 'public',
      tags: publicTags,
      summary: '抽查的每日种子：当日开始前公布哈希，当日结束后公开种子，及当日抽取数和抽中数',
      ...publicPageOf(PageQuery, PublicSeed, listSeeds),
    });

    route.get('/api/public/verification/draws/:id/check', {
      access: 'public',
      tags: publicTags,
      summary: '按公开的种子和输入重新计算一次抽查抽取并与记录核对（种子公开后）',
      ...publicOneById(PublicDrawCheck, checkPublicDraw),
    });
  })(deps);
}
