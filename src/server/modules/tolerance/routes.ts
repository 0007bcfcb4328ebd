import { Type } from 'typebox';
import { Uuid } from '../../../contracts/common';
import {
  ReviewBody,
  ToleranceCase,
  ToleranceCaseQuery,
  ToleranceCaseSummary,
} from '../../../contracts/tolerance';
import { defineRoutes, pageOf } from '../../http/route';
import { getCase } from './queries/get-case';
import { listCases } from './queries/list-cases';
import { recordReview } from './record-review';

const Params = Type.Object({ taskId: Uuid });

export const toleranceRoutes = defineRoutes({ tags: ['容错免责'] }, (route) => {
  route.get('/api/tolerance/cases', {
    access: 'tolerance.read',
    summary: '容错免责台账：撤销审批决定的案件（纪检监察人员全部；相关工作人员本人的）',
    ...pageOf(ToleranceCaseQuery, ToleranceCaseSummary, listCases),
  });

  route.get('/api/tolerance/cases/:taskId', {
    access: 'tolerance.read',
    summary: '案卷：由审计记录和办理、核查历史生成（纪检监察人员及相关工作人员本人）',
    params: Params,
    response: { 200: ToleranceCase },
    read: (ctx, { params }) => getCase(ctx, params.taskId),
  });

  route.post('/api/tolerance/cases/:taskId/review', {
    access: 'tolerance.review',
    summary: '登记容错免责复核结论（纪检监察人员；每案一次，结论告知相关工作人员）',
    params: Params,
    body: ReviewBody,
    response: { 200: ToleranceCase },
    act: (ctx, { params, body }) => recordReview(ctx, params.taskId, body),
    answer: getCase,
  });
});
