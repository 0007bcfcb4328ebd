import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Uuid } from '../../../contracts/common';
import { ReviewBody, ToleranceCase, ToleranceCaseList } from '../../../contracts/tolerance';
import type { Deps } from '../../context';
import { errorResponses as errors, handlers } from '../../http/route';
import { getCase } from './queries/get-case';
import { listCases } from './queries/list-cases';
import { recordReview } from './record-review';

const tags = ['容错免责'];
const Params = Type.Object({ taskId: Uuid });

export function toleranceRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const { act, read } = handlers(deps);
  return async (app) => {
    app.get(
      '/api/tolerance/cases',
      {
        config: { access: 'tolerance.read' },
        schema: {
          tags,
          summary: '容错免责台账：撤销审批决定的案件（纪检监察人员全部；相关工作人员本人的）',
          response: { 200: ToleranceCaseList, ...errors },
        },
      },
      (request) => read(request, (ctx) => listCases(ctx)),
    );

    app.get(
      '/api/tolerance/cases/:taskId',
      {
        config: { access: 'tolerance.read' },
        schema: {
          tags,
          summary: '案卷：由审计记录和办理、核查历史生成（纪检监察人员及相关工作人员本人）',
          params: Params,
          response: { 200: ToleranceCase, ...errors },
        },
      },
      (request) => read(request, (ctx) => getCase(ctx, request.params.taskId)),
    );

    app.post(
      '/api/tolerance/cases/:taskId/review',
      {
        config: { access: 'tolerance.review' },
        schema: {
          tags,
          summary: '登记容错免责复核结论（纪检监察人员；每案一次，结论告知相关工作人员）',
          params: Params,
          body: ReviewBody,
          response: { 200: ToleranceCase, ...errors },
        },
      },
      async (request) => {
        const taskId = await act(request, (ctx) => recordReview(ctx, request.params.taskId, request.body));
        return read(request, (ctx) => getCase(ctx, taskId));
      },
    );
  };
}
