import { Type } from 'typebox';
import { IdParams, List, PageQuery } from '../../../contracts/common';
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
import {
  actOnId,
  createFrom,
  defineRoutes,
  oneById,
  pageOf,
  publicOneById,
  publicPageOf,
} from '../../http/route';
import { createPlan } from './create-plan';
import { drawPlan } from './draw-plan';
import { myEntries } from './my-entries';
import { getPlan } from './queries/get-plan';
import { getPublicPlan } from './queries/get-public-plan';
import { listPlans } from './queries/list-plans';
import { listPublicPlans } from './queries/list-public-plans';
import { verifyPublishedDraw } from './queries/verify-published-draw';
import { publishResults, recordResult } from './record-result';

const publicTags = ['公开查询'];

export const inspectionRoutes = defineRoutes({ tags: ['双随机抽查'] }, (route) => {
  route.post('/api/inspections/plans', {
    access: 'inspection.manage',
    summary: '制定抽查计划（监管管理员；检查对象名录随计划提交，抽取前公布种子哈希）',
    ...createFrom(CreatePlan, Plan, createPlan),
  });

  route.get('/api/inspections/plans', {
    access: 'inspection.record',
    summary: '本部门的抽查计划（分页，新的在前）',
    ...pageOf(PageQuery, PlanSummary, listPlans),
  });

  route.get('/api/inspections/plans/:id', {
    access: 'inspection.record',
    summary: '抽查计划详情（含抽取结果、检查结果、公示期限与逾期）',
    ...oneById(Plan, getPlan),
  });

  route.post('/api/inspections/plans/:id/draw', {
    access: 'inspection.manage',
    summary: '抽取检查对象和检查人员（重新抽取须写明理由）',
    ...actOnId(DrawBody, Plan, (ctx, id, { reason }) => drawPlan(ctx, id, reason)),
  });

  route.get('/api/inspections/my-entries', {
    access: 'credit.own',
    summary:
      '本人（本企业）在双随机抽查名录中的条目与盐值（申请人本人）：据此核对公开名录中的承诺值和抽取结果',
    response: { 200: List(MyDrawEntry) },
    read: myEntries,
  });

  route.put('/api/inspections/:id/result', {
    access: 'inspection.record',
    summary: '录入检查结果（被抽中的检查人员或监管管理员；公示前可修改）',
    params: IdParams,
    body: RecordResult,
    response: { 204: Type.Null() },
    act: (ctx, { params, body }) => recordResult(ctx, params.id, body),
  });

  route.post('/api/inspections/draws/:id/publish', {
    access: 'inspection.manage',
    summary: '公示本次抽取已录入的检查结果',
    params: IdParams,
    response: { 200: Type.Object({ published: Type.Integer() }) },
    act: (ctx, { params }) => publishResults(ctx, params.id),
  });

  route.get('/api/public/inspections/plans', {
    access: 'public',
    tags: publicTags,
    summary: '双随机抽查计划（公开；分页，新的在前）',
    ...publicPageOf(PageQuery, PlanSummary, listPublicPlans),
  });

  route.get('/api/public/inspections/plans/:id', {
    access: 'public',
    tags: publicTags,
    summary: '抽查计划的公开信息：种子、名录哈希、抽查比例、抽取结果和已公示的检查结果（自然人信息脱敏）',
    ...publicOneById(PublicPlan, getPublicPlan),
  });

  route.post('/api/public/inspections/draws/:id/verify', {
    access: 'public',
    rateLimit: { max: 30, timeWindow: '1 minute' },
    tags: publicTags,
    summary: '按公布的输入重新抽取，核对与公布的抽取结果是否一致',
    ...publicOneById(VerifyDrawResult, verifyPublishedDraw),
  });
});
