import { Type } from 'typebox';
import {
  AssistanceAnswerBody,
  AssistanceQuery,
  AssistanceRequestBody,
  AssistanceView,
} from '../../../contracts/assistance';
import { IdParams, Uuid } from '../../../contracts/common';
import type { Ctx } from '../../context';
import { actOnId, defineRoutes, pageOf } from '../../http/route';
import { answerAssistance } from './answer-assistance';
import { listAssistance } from './queries/list-assistance';
import { receiveAssistanceAnswer } from './receive-assistance-answer';
import { requestAssistance } from './request-assistance';

const Done = Type.Object({ id: Uuid, status: Type.String(), dueDate: Type.String() });
type Request = { id: string; status: string; dueDate: string };
const done = (r: Request) => ({ id: r.id, status: r.status, dueDate: r.dueDate });

/** An answer to a request, given by this department or received from another system: the route's action. */
const answeredBy =
  <B>(answer: (ctx: Ctx, id: string, body: B) => Promise<Request>) =>
  async (ctx: Ctx, id: string, body: B) =>
    done(await answer(ctx, id, body));

export const assistanceRoutes = defineRoutes({ tags: ['协助核查'] }, (route) => {
  route.post('/api/verification/tasks/:id/assistance', {
    access: 'assistance.handle',
    summary: '请求其他部门或地区协助核查（承担该任务的监管管理员、被分派的核查人员）',
    params: IdParams,
    body: AssistanceRequestBody,
    response: { 201: Done },
    act: async (ctx, { params, body }) => done(await requestAssistance(ctx, params.id, body)),
  });

  route.get('/api/assistance', {
    access: 'assistance.handle',
    summary: '本部门提出和收到的协助核查请求（仅请求方和协助方可见）',
    ...pageOf(AssistanceQuery, AssistanceView, listAssistance),
  });

  route.post('/api/assistance/:id/answer', {
    access: 'assistance.handle',
    summary: '答复协助核查请求（被请求协助的部门）',
    ...actOnId(AssistanceAnswerBody, Done, answeredBy(answerAssistance)),
  });

  route.post('/api/push/assistance/:id/answer', {
    access: 'push.results',
    summary: '外地系统经推送通道收到协助核查请求后回传答复（该部门的接口令牌）',
    ...actOnId(AssistanceAnswerBody, Done, answeredBy(receiveAssistanceAnswer)),
  });
});
