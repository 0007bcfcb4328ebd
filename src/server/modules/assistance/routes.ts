import { Type } from 'typebox';
import {
  AssistanceAnswerBody,
  AssistanceQuery,
  AssistanceRequestBody,
  AssistanceView,
} from '../../../contracts/assistance';
import { Uuid } from '../../../contracts/common';
import type { Ctx } from '../../context';
import { actOnId, createOnId, defineRoutes, pageOf } from '../../http/route';
import { answerAssistance } from './answer-assistance';
import { listAssistance } from './queries/list-assistance';
import { receiveAssistanceAnswer } from './receive-assistance-answer';
import { requestAssistance } from './request-assistance';

const Done = Type.Object({ id: Uuid, status: Type.String(), dueDate: Type.String() });
type Request = { id: string; status: string; dueDate: string };
const done = (r: Request) => ({ id: r.id, status: r.status, dueDate: r.dueDate });

/** A step on a request (asking, or an answer given here or received by push): answers where it stands. */
const standingAfter =
  <B>(answer: (ctx: Ctx, id: string, body: B) => Promise<Request>) =>
  async (ctx: Ctx, id: string, body: B) =>
    done(await answer(ctx, id, body));

export const assistanceRoutes = defineRoutes({ tags: ['协助核查'] }, (route) => {
  route.post('/api/verification/tasks/:id/assistance', {
    access: 'assistance.handle',
    summary: '请求其他部门或地区协助核查（承担该任务的监管管理员、被分派的核查人员）',
    ...createOnId(AssistanceRequestBody, Done, standingAfter(requestAssistance)),
  });

  route.get('/api/assistance', {
    access: 'assistance.handle',
    summary: '本部门提出和收到的协助核查请求（仅请求方和协助方可见）',
    ...pageOf(AssistanceQuery, AssistanceView, listAssistance),
  });

  route.post('/api/assistance/:id/answer', {
    access: 'assistance.handle',
    summary: '答复协助核查请求（被请求协助的部门）',
    ...actOnId(AssistanceAnswerBody, Done, standingAfter(answerAssistance)),
  });

  route.post('/api/push/assistance/:id/answer', {
    access: 'push.results',
    summary: '外地系统经推送通道收到协助核查请求后回传答复（该部门的接口令牌）',
    ...actOnId(AssistanceAnswerBody, Done, standingAfter(receiveAssistanceAnswer)),
  });
});
