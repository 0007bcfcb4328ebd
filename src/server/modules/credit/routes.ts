import { Type } from 'typebox';
import { IdParams, IsoDate, List, Page, PageQuery, StringEnum, Uuid } from '../../../contracts/common';
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
import { actOnId, createFrom, defineRoutes, oneById, presented } from '../../http/route';
import { createGrade } from './create-grade';
import { createPolicyVersion } from './create-policy-version';
import { createRecord } from './create-record';
import { decideObjection } from './decide-objection';
import { decideRepair } from './decide-repair';
import { askPlatformsFirst, performCreditCheck } from './perform-credit-check';
import { presentedToday, presentObjection, presentPolicy, presentRepair } from './present';
import { publishPolicyVersion } from './publish-policy-version';
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
import { raiseObjection } from './raise-objection';
import { requestRepair } from './request-repair';
import { simulatePolicy } from './simulate-policy';

export const creditRoutes = defineRoutes({ tags: ['信用'] }, (route, { act, read }) => {
  // ---- records and grades (信用主管部门) ----
  route.post('/api/credit/records', {
    access: 'credit.manage',
    summary: '录入信用记录（信用管理人员）',
    body: CreateRecord,
    response: { 201: RecordView },
    act: async (ctx, { body }) => showRecord(ctx, (await createRecord(ctx, body)).id),
  });

  route.get('/api/credit/records', {
    access: 'credit.manage',
    summary: '信用记录列表（按主体、类别、状态）',
    querystring: Type.Object({
      ...PageQuery.properties,
      subjectKind: Type.Optional(StringEnum(['enterprise', 'individual_business', 'individual'] as const)),
      subjectCode: Type.Optional(Type.String({ maxLength: 40 })),
      kind: Type.Optional(StringEnum(creditRecordKinds)),
      status: Type.Optional(StringEnum(creditRecordStatuses)),
    }),
    response: { 200: Page(RecordView) },
    read: (ctx, { query }) => listCreditRecords(ctx, query),
  });

  route.get('/api/credit/records/:id', {
    access: 'credit.manage',
    summary: '信用记录详情',
    ...oneById(RecordView, showRecord),
  });

  route.get('/api/credit/subjects/lookup', {
    access: 'credit.manage',
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
    },
    read: (ctx, { query }) => lookupSubject(ctx, query),
  });

  route.post('/api/credit/grades', {
    access: 'credit.manage',
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
    },
    act: (ctx, { body }) => createGrade(ctx, body),
  });

  // ---- the credit check ----
  route.post('/api/credit/checks', {
    access: 'credit.check',
    summary: '信用核查（查询本地信用档案及外部信用平台，按所在地准入规则判定并留存记录）',
    body: RunCheck,
    response: { 201: CheckView },
    handler: async (request) => {
      // The outside platforms are asked before the transaction opens (a slow platform holds no lock);
      // the check row is written in the commit's batch, so it is read back once committed.
      const platformAnswers = await read(request, (ctx) => askPlatformsFirst(ctx, request.body.subject));
      const { checkId } = await act(request, (ctx) =>
        performCreditCheck(ctx, { ...request.body, platformAnswers }),
      );
      return await read(request, (ctx) => showCheck(ctx, checkId));
    },
  });

  route.get('/api/credit/checks', {
    access: 'credit.check_read',
    summary: '一件申请的全部信用核查记录（只列出调用者有权查看的）',
    querystring: Type.Object({ applicationId: Type.String({ minLength: 1, maxLength: 64 }) }),
    response: { 200: List(CheckView) },
    read: (ctx, { query }) => listChecksOfApplication(ctx, query.applicationId),
  });

  route.get('/api/credit/checks/:id', {
    access: 'credit.check_read',
    summary: '信用核查记录',
    ...oneById(CheckView, showCheck),
  });

  // ---- the applicant's own credit file ----
  route.get('/api/credit/me', {
    access: 'credit.own',
    summary: '本人（本企业）的信用记录与核查记录（不含信用等级）',
    response: { 200: CreditMe },
    read: myCredit,
  });

  // ---- repair ----
  route.post('/api/credit/repair-requests', {
    access: 'credit.own',
    summary: '申请信用修复（提交已纠正失信行为的证明和信用修复承诺书）',
    ...createFrom(CreateRepair, RepairView, presentedToday(requestRepair, presentRepair)),
  });

  route.get('/api/credit/repair-requests', {
    access: 'credit.manage',
    summary: '信用修复申请（按办理期限排序）',
    querystring: Type.Object({
      status: Type.Optional(StringEnum(['pending', 'approved', 'rejected'] as const)),
    }),
    response: { 200: List(RepairView) },
    read: (ctx, { query }) => listRepairRequests(ctx, query.status),
  });

  route.post('/api/credit/repair-requests/:id/decision', {
    access: 'credit.manage',
    summary: '作出信用修复决定',
    ...actOnId(DecideRepair, RepairView, presentedToday(decideRepair, presentRepair)),
  });

  // ---- objection ----
  route.post('/api/credit/objections', {
    access: 'credit.own',
    summary: '对信用记录提出异议（处理期间标注“异议处理中”）',
    ...createFrom(CreateObjection, ObjectionView, presentedToday(raiseObjection, presentObjection)),
  });

  route.get('/api/credit/objections', {
    access: 'credit.manage',
    summary: '异议申请（按办理期限排序）',
    querystring: Type.Object({
      status: Type.Optional(StringEnum(['pending', 'corrected', 'removed', 'upheld'] as const)),
    }),
    response: { 200: List(ObjectionView) },
    read: (ctx, { query }) => listObjections(ctx, query.status),
  });

  route.post('/api/credit/objections/:id/decision', {
    access: 'credit.manage',
    summary: '异议处理结果：更正、删除或维持',
    ...actOnId(DecideObjection, ObjectionView, presentedToday(decideObjection, presentObjection)),
  });

  // ---- policies ----
  route.get('/api/credit/policies', {
    access: 'credit.manage',
    summary: '准入规则各版本',
    response: { 200: List(PolicyView) },
    read: listPolicies,
  });

  route.get('/api/credit/policies/:id', {
    access: 'credit.check',
    summary: '准入规则某一版本',
    ...oneById(PolicyView, showPolicy),
  });

  route.post('/api/credit/policies', {
    access: 'credit.manage',
    summary: '起草准入规则新版本（发布前可模拟）',
    ...createFrom(CreatePolicyVersion, PolicyView, presented(createPolicyVersion, presentPolicy)),
  });

  route.post('/api/credit/policies/:id/simulate', {
    access: 'credit.manage',
    summary: '模拟：以草稿版本重新判定现有主体或历次核查，列出结果变化',
    params: IdParams,
    body: Type.Object({
      against: StringEnum(['subjects', 'checks'] as const, '对照现有主体或历次核查'),
    }),
    response: { 200: SimulationResult },
    read: (ctx, { params, body }) => simulatePolicy(ctx, params.id, body.against),
  });

  route.post('/api/credit/policies/:id/publish', {
    access: 'credit.manage',
    summary: '发布准入规则版本（原版本同时停用）',
    params: IdParams,
    response: { 200: PolicyView },
    act: async (ctx, { params }) => presentPolicy(await publishPolicyVersion(ctx, params.id)),
  });

  // ---- public disclosure (公示): dishonesty records inside their publicity period, never grades ----
  route.get('/api/public/credit/records', {
    access: 'public',
    tags: ['信用（公开）'],
    summary: '公示中的失信记录（个人信息已遮蔽，不含信用等级）',
    querystring: PageQuery,
    response: { 200: PublicCreditRecordPage },
    publicRead: (ctx, { query }) => listPublishedRecords(ctx, query),
  });
});
