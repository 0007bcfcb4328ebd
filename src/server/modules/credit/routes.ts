import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, IsoDate, Page, PageQuery, StringEnum, Uuid } from '../../../contracts/common';
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
import { checkResidentId, checkUscc, maskPersonName } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { assertCreditDepartment, assertMayReadCheck, ownSubject, requireOwnSubject } from './access';
import { decideObjection, raiseObjection } from './objections';
import { createPolicyVersion, publishPolicyVersion, simulatePolicy } from './policy-versions';
import { presentCheck, presentPolicy, presentRecord } from './present';
import { createGrade, createRecord } from './records';
import { decideRepair, requestRepair } from './repairs';
import {
  checksOfApplication,
  checksOfSubject,
  findCheck,
  findPolicy,
  findRecord,
  findSubject,
  latestGrades,
  listObjections,
  listPolicies,
  listRecords,
  listRepairs,
  type ObjectionRow,
  publishedRecords,
  type RepairRow,
  recordsOfSubject,
} from './repository';
import { askPlatformsFirst, performCreditCheck } from './service';
import { findSubjectByCode, normalizeSubjectCode, presentSubject } from './subjects';

const tags = ['信用'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  412: ErrorResponse,
};
const IdParams = Type.Object({ id: Uuid });

export function creditRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const db = () => deps.database.db;
  const today = () => chinaDate(deps.clock());

  const repairView = (r: RepairRow) => ({
    id: r.id,
    recordId: r.recordId,
    status: r.status,
    evidence: r.evidence,
    commitment: r.commitment,
    requestedAt: r.requestedAt.toISOString(),
    dueOn: r.dueOn,
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    note: r.note,
    overdue: r.status === 'pending' && today() > r.dueOn,
  });
  const objectionView = (o: ObjectionRow) => ({
    id: o.id,
    recordId: o.recordId,
    status: o.status,
    reason: o.reason,
    evidence: o.evidence,
    raisedAt: o.raisedAt.toISOString(),
    dueOn: o.dueOn,
    decidedAt: o.decidedAt ? o.decidedAt.toISOString() : null,
    note: o.note,
    overdue: o.status === 'pending' && today() > o.dueOn,
  });

  async function recordView(id: string, reveal: boolean) {
    const r = await findRecord(db(), id);
    if (!r) throw new DomainError('NOT_FOUND', '信用记录不存在');
    const s = (await findSubject(db(), r.subjectId))!;
    return presentRecord(r, s, deps.crypto, reveal, today());
  }

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
        const row = await runAction(deps, caller(request), (ctx) => createRecord(ctx, request.body));
        return reply.status(201).send(await recordView(row.id, true));
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
      async (request) => {
        const ctx = readContext(deps, caller(request));
        await assertCreditDepartment(ctx);
        const { page, pageSize, subjectKind, subjectCode, kind, status } = request.query;
        let subjectId: string | undefined;
        if (subjectCode) {
          // Without a kind, the code itself says which it is: a valid USCC first, else a resident ID.
          const k =
            subjectKind ??
            (checkUscc(subjectCode).ok || !checkResidentId(subjectCode, today()).ok
              ? 'enterprise'
              : 'individual');
          const code = normalizeSubjectCode(
            { kind: k, code: subjectCode, name: '-' },
            today(),
            'subjectCode',
          );
          const s = await findSubjectByCode(ctx, k, code);
          if (!s) return { items: [], total: 0, page, pageSize };
          subjectId = s.id;
        }
        const { rows, total } = await listRecords(db(), { subjectId, kind, status }, page, pageSize);
        const items = [];
        for (const r of rows) {
          const s = (await findSubject(db(), r.subjectId))!;
          items.push(presentRecord(r, s, deps.crypto, true, today()));
        }
        return { items, total, page, pageSize };
      },
    );

    app.get(
      '/api/credit/records/:id',
      {
        config: { access: 'credit.manage' },
        schema: { tags, summary: '信用记录详情', params: IdParams, response: { 200: RecordView, ...errors } },
      },
      async (request) => {
        await assertCreditDepartment(readContext(deps, caller(request)));
        return recordView(request.params.id, true);
      },
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
      async (request) => {
        const ctx = readContext(deps, caller(request));
        await assertCreditDepartment(ctx);
        const { kind, code } = request.query;
        const normal = normalizeSubjectCode({ kind, code, name: '-' }, today(), 'code');
        const s = await findSubjectByCode(ctx, kind, normal);
        if (!s) throw new DomainError('NOT_FOUND', '信用档案中没有该主体');
        return {
          subject: presentSubject(s, deps.crypto, true),
          records: (await recordsOfSubject(db(), s.id)).map((r) =>
            presentRecord(r, s, deps.crypto, true, today()),
          ),
          grades: (await latestGrades(db(), [s.id])).map((g) => ({
            scale: g.scale,
            value: g.value,
            source: g.source,
            gradedOn: g.gradedOn,
          })),
          checks: (await checksOfSubject(db(), s.id)).map((c) => ({
            id: c.id,
            checkedAt: c.checkedAt.toISOString(),
            outcome: c.outcome,
            policyVersionId: c.policyVersionId,
          })),
        };
      },
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
      async (request, reply) => {
        const g = await runAction(deps, caller(request), (ctx) => createGrade(ctx, request.body));
        return reply
          .status(201)
          .send({ id: g.id, subjectId: g.subjectId, scale: g.scale, value: g.value, gradedOn: g.gradedOn });
      },
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
        const platformAnswers = await askPlatformsFirst(deps, request.body.subject);
        const res = await runAction(deps, caller(request), (ctx) =>
          performCreditCheck(ctx, { ...request.body, platformAnswers }),
        );
        const c = (await findCheck(db(), res.checkId))!;
        const s = (await findSubject(db(), c.subjectId))!;
        const p = (await findPolicy(db(), c.policyVersionId))!;
        return reply.status(201).send(presentCheck(c, s, p, deps.crypto, { reveal: false, showGrade: true }));
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
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const items = [];
        for (const c of await checksOfApplication(db(), request.query.applicationId)) {
          try {
            await assertMayReadCheck(ctx, c);
          } catch {
            continue;
          }
          const s = (await findSubject(db(), c.subjectId))!;
          const p = (await findPolicy(db(), c.policyVersionId))!;
          items.push(
            presentCheck(c, s, p, deps.crypto, { reveal: false, showGrade: ctx.actor.kind !== 'applicant' }),
          );
        }
        return { items };
      },
    );

    app.get(
      '/api/credit/checks/:id',
      {
        config: { access: 'credit.check_read' },
        schema: { tags, summary: '信用核查记录', params: IdParams, response: { 200: CheckView, ...errors } },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const c = await findCheck(db(), request.params.id);
        if (!c) throw new DomainError('NOT_FOUND', '信用核查记录不存在');
        await assertMayReadCheck(ctx, c);
        const s = (await findSubject(db(), c.subjectId))!;
        const p = (await findPolicy(db(), c.policyVersionId))!;
        const staff = ctx.actor.kind !== 'applicant';
        return presentCheck(c, s, p, deps.crypto, { reveal: false, showGrade: staff });
      },
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
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const s = await ownSubject(ctx);
        if (!s) return { subject: null, records: [], checks: [] };
        const records = (await recordsOfSubject(db(), s.id)).map((r) =>
          presentRecord(r, s, deps.crypto, false, today()),
        );
        const checks = (await checksOfSubject(db(), s.id)).map((c) => ({
          id: c.id,
          checkedAt: c.checkedAt.toISOString(),
          outcome: c.outcome,
        }));
        return { subject: presentSubject(s, deps.crypto, false), records, checks };
      },
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
        const r = await runAction(deps, caller(request), async (ctx) => {
          await requireOwnSubject(ctx);
          return requestRepair(ctx, request.body);
        });
        return reply.status(201).send(repairView(r));
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
      async (request) => {
        await assertCreditDepartment(readContext(deps, caller(request)));
        return { items: (await listRepairs(db(), request.query.status)).map(repairView) };
      },
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
      async (request) => {
        const r = await runAction(deps, caller(request), (ctx) =>
          decideRepair(ctx, request.params.id, request.body),
        );
        return repairView(r);
      },
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
        const o = await runAction(deps, caller(request), async (ctx) => {
          await requireOwnSubject(ctx);
          return raiseObjection(ctx, request.body);
        });
        return reply.status(201).send(objectionView(o));
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
      async (request) => {
        await assertCreditDepartment(readContext(deps, caller(request)));
        return { items: (await listObjections(db(), request.query.status)).map(objectionView) };
      },
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
      async (request) => {
        const o = await runAction(deps, caller(request), (ctx) =>
          decideObjection(ctx, request.params.id, request.body),
        );
        return objectionView(o);
      },
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
      async (request) => {
        await assertCreditDepartment(readContext(deps, caller(request)));
        return { items: (await listPolicies(db())).map(presentPolicy) };
      },
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
      async (request) => {
        const p = await findPolicy(db(), request.params.id);
        if (!p) throw new DomainError('NOT_FOUND', '准入规则版本不存在');
        return presentPolicy(p);
      },
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
      async (request, reply) => {
        const p = await runAction(deps, caller(request), (ctx) => createPolicyVersion(ctx, request.body));
        return reply.status(201).send(presentPolicy(p));
      },
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
      async (request) => {
        const ctx = readContext(deps, caller(request));
        await assertCreditDepartment(ctx);
        return simulatePolicy(ctx, request.params.id, request.body.against);
      },
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
      async (request) => {
        const p = await runAction(deps, caller(request), (ctx) =>
          publishPolicyVersion(ctx, request.params.id),
        );
        deps.policies.invalidate();
        return presentPolicy(p);
      },
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
            400: ErrorResponse,
          },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const { rows, total } = await publishedRecords(db(), today(), page, pageSize);
        return {
          items: rows.map(({ record: r, subject: s }) => {
            const v = presentRecord(r, s, deps.crypto, false, today());
            return {
              subjectName: s.kind === 'individual' ? maskPersonName(s.name) : s.name,
              subjectCode: v.subject.code,
              kindLabel: v.kindLabel,
              severityLabel: v.severityLabel,
              authority: r.authority,
              decidedOn: r.decidedOn,
              summary: r.summary,
              publicityEnd: v.publicityEnd!,
              underObjection: r.underObjection,
            };
          }),
          total,
          page,
          pageSize,
        };
      },
    );
  };
}
