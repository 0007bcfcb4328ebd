import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse, Page, PageQuery, Uuid } from '../../../contracts/common';
import {
  CreatePlan,
  DrawBody,
  MyDrawEntry,
  Plan,
  PlanSummary,
  PublicPlan,
  RecordResult,
  VerifyDrawResult,
} from '../../../contracts/inspection';
import { assertSameDepartment } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { createPlan } from './create-plan';
import { drawPlan } from './draw-plan';
import { myEntries } from './my-entries';
import { planView, verifyDraw } from './present';
import { publishResults, recordResult } from './record-result';
import { findPlan, listPlans, type PlanRow } from './repository';

const tags = ['双随机抽查'];
const publicTags = ['公开查询'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  412: ErrorResponse,
  422: ErrorResponse,
};
const Params = Type.Object({ id: Uuid });

const summary = (r: { plan: PlanRow; departmentName: string }) => ({
  id: r.plan.id,
  departmentName: r.departmentName,
  name: r.plan.name,
  periodStart: r.plan.periodStart,
  periodEnd: r.plan.periodEnd,
  status: r.plan.status,
  candidates: (r.plan.candidates as unknown[]).length,
  createdAt: r.plan.createdAt.toISOString(),
});

export function inspectionRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/inspections/plans',
      {
        config: { access: 'inspection.manage' },
        schema: {
          tags,
          summary: '制定抽查计划（监管管理员；检查对象名录随计划提交，抽取前公布种子哈希）',
          body: CreatePlan,
          response: { 201: Plan, ...errors },
        },
      },
      async (request, reply) => {
        const view = await runAction(deps, caller(request), async (ctx) => {
          const plan = await createPlan(ctx, request.body);
          return planView(ctx.tx, plan, 'staff', ctx.now, ctx.crypto);
        });
        return reply.status(201).send(view);
      },
    );

    app.get(
      '/api/inspections/plans',
      {
        config: { access: 'inspection.record' },
        schema: {
          tags,
          summary: '本部门的抽查计划（分页，新的在前）',
          querystring: PageQuery,
          response: { 200: Page(PlanSummary), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const dept = ctx.actor.kind === 'staff' || ctx.actor.kind === 'token' ? ctx.actor.departmentId : null;
        const { page, pageSize } = request.query;
        const { rows, total } = await listPlans(ctx.db, dept, { page, pageSize });
        return { items: rows.map(summary), total, page, pageSize };
      },
    );

    app.get(
      '/api/inspections/plans/:id',
      {
        config: { access: 'inspection.record' },
        schema: {
          tags,
          summary: '抽查计划详情（含抽取结果、检查结果、公示期限与逾期）',
          params: Params,
          response: { 200: Plan, ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        const plan = await findPlan(ctx.db, request.params.id);
        if (!plan) throw new DomainError('NOT_FOUND', '抽查计划不存在');
        assertSameDepartment(ctx.actor, plan.departmentId);
        return planView(ctx.db, plan, 'staff', ctx.now, ctx.crypto);
      },
    );

    app.post(
      '/api/inspections/plans/:id/draw',
      {
        config: { access: 'inspection.manage' },
        schema: {
          tags,
          summary: '抽取检查对象和检查人员（重新抽取须写明理由）',
          params: Params,
          body: DrawBody,
          response: { 200: Plan, ...errors },
        },
      },
      async (request) =>
        runAction(deps, caller(request), async (ctx) => {
          await drawPlan(ctx, request.params.id, request.body.reason);
          return planView(ctx.tx, (await findPlan(ctx.tx, request.params.id))!, 'staff', ctx.now, ctx.crypto);
        }),
    );

    app.get(
      '/api/inspections/my-entries',
      {
        config: { access: 'credit.own' },
        schema: {
          tags,
          summary:
            '本人（本企业）在双随机抽查名录中的条目与盐值（申请人本人）：据此核对公开名录中的承诺值和抽取结果',
          response: { 200: Type.Object({ items: Type.Array(MyDrawEntry) }), ...errors },
        },
      },
      async (request) => ({ items: await myEntries(readContext(deps, caller(request))) }),
    );

    app.put(
      '/api/inspections/:id/result',
      {
        config: { access: 'inspection.record' },
        schema: {
          tags,
          summary: '录入检查结果（被抽中的检查人员或监管管理员；公示前可修改）',
          params: Params,
          body: RecordResult,
          response: { 204: Type.Null(), ...errors },
        },
      },
      async (request, reply) => {
        await runAction(deps, caller(request), (ctx) => recordResult(ctx, request.params.id, request.body));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/inspections/draws/:id/publish',
      {
        config: { access: 'inspection.manage' },
        schema: {
          tags,
          summary: '公示本次抽取已录入的检查结果',
          params: Params,
          response: { 200: Type.Object({ published: Type.Integer() }), ...errors },
        },
      },
      async (request) => runAction(deps, caller(request), (ctx) => publishResults(ctx, request.params.id)),
    );

    app.get(
      '/api/public/inspections/plans',
      {
        config: { access: 'public' },
        schema: {
          tags: publicTags,
          summary: '双随机抽查计划（公开；分页，新的在前）',
          querystring: PageQuery,
          response: { 200: Page(PlanSummary), 400: ErrorResponse },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const { rows, total } = await listPlans(deps.database.db, null, { page, pageSize });
        return { items: rows.map(summary), total, page, pageSize };
      },
    );

    app.get(
      '/api/public/inspections/plans/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: publicTags,
          summary:
            '抽查计划的公开信息：种子、名录哈希、抽查比例、抽取结果和已公示的检查结果（自然人信息脱敏）',
          params: Params,
          response: { 200: PublicPlan, 404: ErrorResponse },
        },
      },
      async (request) => {
        const plan = await findPlan(deps.database.db, request.params.id);
        if (!plan) throw new DomainError('NOT_FOUND', '抽查计划不存在');
        return planView(deps.database.db, plan, 'public', deps.clock(), deps.crypto);
      },
    );

    app.post(
      '/api/public/inspections/draws/:id/verify',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: publicTags,
          summary: '按公布的输入重新抽取，核对与公布的抽取结果是否一致',
          params: Params,
          response: { 200: VerifyDrawResult, 404: ErrorResponse },
        },
      },
      async (request) => {
        const result = await verifyDraw(deps.database.db, deps.crypto, request.params.id);
        if (!result) throw new DomainError('NOT_FOUND', '抽取记录不存在');
        return result;
      },
    );
  };
}
