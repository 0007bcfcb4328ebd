import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IsoDate, Page, PageQuery, StringEnum, Uuid } from '../../../contracts/common';
import {
  CheckView,
  CreateGrade,
  CreateObjection,
  CreatePolicyVersion,
  CreateRecord,
  CreateRepair,
  creditRecordKinds,
  creditRecordStatuses,
  DecideObjection,
  DecideRepair,
  ObjectionView,
  PolicyView,
  RecordView,
  RepairView,
  RunCheck,
  SimulationResult,
  SubjectView,
} from '../../../contracts/credit';
import { CreditMe, PublicCreditRecordPage } from '../../../contracts/web';
import { chinaDate } from '../../../domain/working-days';
import type { Deps } from '../../context';
import { errorResponses as errors, handlers } from '../../http/route';
import { decideObjection, raiseObjection } from './objections';
import { createPolicyVersion, publishPolicyVersion, simulatePolicy } from './policy-versions';
import { presentObjection, presentPolicy, presentRepair } from './present';
import { listChecksOfApplication } from './queries/list-checks';
import { listObjections } from './queries/list-objections';
import { listPolicies } from './queries/list-policies';
import { listPublishedRecords } from './queries/list-published-records';
import { listCreditRecords } from './queries/list-records';
import { listRepairRequests } from './queries/list-repairs';
import { lookupSubject } from './queries/lookup-subject';
import { myCredit } from './queries/my-credit';
import { showCheck } from './queries/show-check';
import { showPolicy } from './queries/show-policy';
import { showRecord } from './queries/show-record';
import { createGrade, createRecord } from './records';
import { decideRepair, requestRepair } from './repairs';
import { askPlatformsFirst, performCreditCheck } from './service';

const tags = ['信用'];
const IdParams = Type.Object({ id: Uuid });

export function creditRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const { act, read, publicRead } = handlers(deps);
  return async (app) => {
    // ---- records and grades (信用主管部门) ----
    app.post(
      '/api/credit/records',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '录入信用记录（信用管理人员）',
          body: CreateRecord,
          response: { 201: RecordView, ...errors },
        },
      },
      async (request, reply) => {
        const view = await act(request, async (ctx) =>
          showRecord(ctx, (await createRecord(ctx, request.body)).id),
        );
        return reply.status(201).send(view);
      },
    );

    app.get(
      '/api/credit/records',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '信用记录列表（按主体、类别、状态）',
          querystring: Type.Object({
            ...PageQuery.properties,
            subjectKind: Type.Optional(
              StringEnum(['enterprise', 'individual_business', 'individual'] as const),
            ),
            subjectCode: Type.Optional(Type.String({ maxLength: 40 })),
            kind: Type.Optional(StringEnum(creditRecordKinds)),
            status: Type.Optional(StringEnum(creditRecordStatuses)),
          }),
          response: { 200: Page(RecordView), ...errors },
        },
      },
      (request) => read(request, (ctx) => listCreditRecords(ctx, request.query)),
    );

    app.get(
      '/api/credit/records/:id',
      {
        config: { access: 'credit.manage' },
        schema: { tags, summary: '信用记录详情', params: IdParams, response: { 200: RecordView, ...errors } },
      },
      (request) => read(request, (ctx) => showRecord(ctx, request.params.id)),
    );

    app.get(
      '/api/credit/subjects/lookup',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '按代码查询信用主体：信用记录、各等级体系的最新等级、核查记录',
          querystring: Type.Object({
            kind: StringEnum(['enterprise', 'individual_business', 'individual'] as const),
            code: Type.String({ minLength: 1, maxLength: 40 }),
          }),
          response: {
            200: Type.Object({
              subject: SubjectView,
              records: Type.Array(RecordView),
              grades: Type.Array(
                Type.Object({
                  scale: Type.String(),
                  value: Type.String(),
                  source: Type.String(),
                  gradedOn: IsoDate,
                }),
              ),
              checks: Type.Array(
                Type.Object({
                  id: Uuid,
                  checkedAt: Type.String(),
                  outcome: Type.String(),
                  policyVersionId: Uuid,
                }),
              ),
            }),
            ...errors,
          },
        },
      },
      (request) => read(request, (ctx) => lookupSubject(ctx, request.query)),
    );

    app.post(
      '/api/credit/grades',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '录入信用等级（不对外公开）',
          body: CreateGrade,
          response: {
            201: Type.Object({
              id: Uuid,
              subjectId: Uuid,
              scale: Type.String(),
              value: Type.String(),
              gradedOn: IsoDate,
            }),
            ...errors,
          },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await act(request, (ctx) => createGrade(ctx, request.body))),
    );

    // ---- the credit check ----
    app.post(
      '/api/credit/checks',
      {
        config: { access: 'credit.check' },
        schema: {
          tags,
          summary: '信用核查（查询本地信用档案及外部信用平台，按所在地准入规则判定并留存记录）',
          body: RunCheck,
          response: { 201: CheckView, ...errors },
        },
      },
      async (request, reply) => {
        // The outside platforms are asked before the transaction opens (a slow platform holds no lock);
        // the check row is written in the commit's batch, so it is read back once committed.
        const platformAnswers = await read(request, (ctx) => askPlatformsFirst(ctx, request.body.subject));
        const { checkId } = await act(request, (ctx) =>
          performCreditCheck(ctx, { ...request.body, platformAnswers }),
        );
        return reply.status(201).send(await read(request, (ctx) => showCheck(ctx, checkId)));
      },
    );

    app.get(
      '/api/credit/checks',
      {
        config: { access: 'credit.check_read' },
        schema: {
          tags,
          summary: '一件申请的全部信用核查记录（只列出调用者有权查看的）',
          querystring: Type.Object({ applicationId: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 200: Type.Object({ items: Type.Array(CheckView) }), ...errors },
        },
      },
      (request) => read(request, (ctx) => listChecksOfApplication(ctx, request.query.applicationId)),
    );

    app.get(
      '/api/credit/checks/:id',
      {
        config: { access: 'credit.check_read' },
        schema: { tags, summary: '信用核查记录', params: IdParams, response: { 200: CheckView, ...errors } },
      },
      (request) => read(request, (ctx) => showCheck(ctx, request.params.id)),
    );

    // ---- the applicant's own credit file ----
    app.get(
      '/api/credit/me',
      {
        config: { access: 'credit.own' },
        schema: {
          tags,
          summary: '本人（本企业）的信用记录与核查记录（不含信用等级）',
          response: {
            200: CreditMe,
            ...errors,
          },
        },
      },
      (request) => read(request, myCredit),
    );

    // ---- repair ----
    app.post(
      '/api/credit/repair-requests',
      {
        config: { access: 'credit.own' },
        schema: {
          tags,
          summary: '申请信用修复（提交已纠正失信行为的证明和信用修复承诺书）',
          body: CreateRepair,
          response: { 201: RepairView, ...errors },
        },
      },
      async (request, reply) => {
        const view = await act(request, async (ctx) =>
          presentRepair(await requestRepair(ctx, request.body), chinaDate(ctx.now)),
        );
        return reply.status(201).send(view);
      },
    );

    app.get(
      '/api/credit/repair-requests',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '信用修复申请（按办理期限排序）',
          querystring: Type.Object({
            status: Type.Optional(StringEnum(['pending', 'approved', 'rejected'] as const)),
          }),
          response: { 200: Type.Object({ items: Type.Array(RepairView) }), ...errors },
        },
      },
      (request) => read(request, (ctx) => listRepairRequests(ctx, request.query.status)),
    );

    app.post(
      '/api/credit/repair-requests/:id/decision',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '作出信用修复决定',
          params: IdParams,
          body: DecideRepair,
          response: { 200: RepairView, ...errors },
        },
      },
      (request) =>
        act(request, async (ctx) =>
          presentRepair(await decideRepair(ctx, request.params.id, request.body), chinaDate(ctx.now)),
        ),
    );

    // ---- objection ----
    app.post(
      '/api/credit/objections',
      {
        config: { access: 'credit.own' },
        schema: {
          tags,
          summary: '对信用记录提出异议（处理期间标注“异议处理中”）',
          body: CreateObjection,
          response: { 201: ObjectionView, ...errors },
        },
      },
      async (request, reply) => {
        const view = await act(request, async (ctx) =>
          presentObjection(await raiseObjection(ctx, request.body), chinaDate(ctx.now)),
        );
        return reply.status(201).send(view);
      },
    );

    app.get(
      '/api/credit/objections',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '异议申请（按办理期限排序）',
          querystring: Type.Object({
            status: Type.Optional(StringEnum(['pending', 'corrected', 'removed', 'upheld'] as const)),
          }),
          response: { 200: Type.Object({ items: Type.Array(ObjectionView) }), ...errors },
        },
      },
      (request) => read(request, (ctx) => listObjections(ctx, request.query.status)),
    );

    app.post(
      '/api/credit/objections/:id/decision',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '异议处理结果：更正、删除或维持',
          params: IdParams,
          body: DecideObjection,
          response: { 200: ObjectionView, ...errors },
        },
      },
      (request) =>
        act(request, async (ctx) =>
          presentObjection(await decideObjection(ctx, request.params.id, request.body), chinaDate(ctx.now)),
        ),
    );

    // ---- policies ----
    app.get(
      '/api/credit/policies',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '准入规则各版本',
          response: { 200: Type.Object({ items: Type.Array(PolicyView) }), ...errors },
        },
      },
      (request) => read(request, listPolicies),
    );

    app.get(
      '/api/credit/policies/:id',
      {
        config: { access: 'credit.check' },
        schema: {
          tags,
          summary: '准入规则某一版本',
          params: IdParams,
          response: { 200: PolicyView, ...errors },
        },
      },
      (request) => read(request, (ctx) => showPolicy(ctx, request.params.id)),
    );

    app.post(
      '/api/credit/policies',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '起草准入规则新版本（发布前可模拟）',
          body: CreatePolicyVersion,
          response: { 201: PolicyView, ...errors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(presentPolicy(await act(request, (ctx) => createPolicyVersion(ctx, request.body)))),
    );

    app.post(
      '/api/credit/policies/:id/simulate',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '模拟：以草稿版本重新判定现有主体或历次核查，列出结果变化',
          params: IdParams,
          body: Type.Object({
            against: StringEnum(['subjects', 'checks'] as const, '对照现有主体或历次核查'),
          }),
          response: { 200: SimulationResult, ...errors },
        },
      },
      (request) => read(request, (ctx) => simulatePolicy(ctx, request.params.id, request.body.against)),
    );

    app.post(
      '/api/credit/policies/:id/publish',
      {
        config: { access: 'credit.manage' },
        schema: {
          tags,
          summary: '发布准入规则版本（原版本同时停用）',
          params: IdParams,
          response: { 200: PolicyView, ...errors },
        },
      },
      async (request) =>
        presentPolicy(await act(request, (ctx) => publishPolicyVersion(ctx, request.params.id))),
    );

    // ---- public disclosure (公示): dishonesty records inside their publicity period, never grades ----
    app.get(
      '/api/public/credit/records',
      {
        config: { access: 'public' },
        schema: {
          tags: ['信用（公开）'],
          summary: '公示中的失信记录（个人信息已遮蔽，不含信用等级）',
          querystring: PageQuery,
          response: {
            200: PublicCreditRecordPage,
            ...errors,
          },
        },
      },
      (request) => publicRead(request, (ctx) => listPublishedRecords(ctx, request.query)),
    );
  };
}
