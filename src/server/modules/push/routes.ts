import { Type } from 'typebox';
import { BigId, IdParams, Page, PageQuery } from '../../../contracts/common';
import {
  Attempt,
  CreateSubscription,
  DataGrant,
  Delivery,
  DeliveryQuery,
  GrantDataClassBody,
  InboundResult,
  InboundResultBody,
  RevokeDataClassBody,
  Subscription,
  SubscriptionWithSecret,
  UpdateSubscription,
} from '../../../contracts/push';
import { actOnId, createFrom, createOnId, defineRoutes, oneById, pageOf } from '../../http/route';
import { grantDataClass } from './grant-data-class';
import { receiveResult } from './inbound';
import { listAttempts } from './queries/list-attempts';
import { listDataGrants, showDataGrant } from './queries/list-data-grants';
import { listDeliveries } from './queries/list-deliveries';
import { listInbound } from './queries/list-inbound';
import { listSubscriptions } from './queries/list-subscriptions';
import { replayDeadLetters, replayDelivery } from './replay';
import { revokeDataClass } from './revoke-data-class';
import { changeSubscription, createSubscription } from './subscriptions';

export const pushRoutes = defineRoutes({ tags: ['审管衔接推送'] }, (route, { act }) => {
  route.get('/api/push/subscriptions', {
    access: 'push.read',
    summary: '推送订阅列表（系统管理员、合法性审查人员）',
    ...pageOf(PageQuery, Subscription, listSubscriptions),
  });

  route.post('/api/push/subscriptions', {
    access: 'push.manage',
    summary: '新增推送订阅（接收系统、部门、地址、消息类别、签名密钥）',
    ...createFrom(CreateSubscription, SubscriptionWithSecret, createSubscription),
  });

  route.patch('/api/push/subscriptions/:id', {
    access: 'push.manage',
    summary: '修改、停用推送订阅或更换签名密钥',
    ...actOnId(UpdateSubscription, SubscriptionWithSecret, changeSubscription),
  });

  route.get('/api/push/subscriptions/:id/grants', {
    access: 'push.read',
    summary: '该订阅获授权明文推送的个人信息类别：现行和已撤销的授权（系统管理员、合法性审查人员）',
    ...oneById(Type.Array(DataGrant), listDataGrants),
  });

  route.post('/api/push/subscriptions/:id/grants', {
    access: 'push.grant',
    summary: '授权该订阅明文接收一类个人信息，须写明法律依据（合法性审查人员）',
    ...createOnId(GrantDataClassBody, DataGrant, grantDataClass),
    answer: showDataGrant,
  });

  route.post('/api/push/grants/:id/revoke', {
    access: 'push.grant',
    summary: '撤销明文推送授权，须写明理由；此后该订阅收到的个人信息即为脱敏形式（合法性审查人员）',
    ...actOnId(RevokeDataClassBody, DataGrant, revokeDataClass),
    answer: showDataGrant,
  });

  route.post('/api/push/subscriptions/:id/replay-dead', {
    access: 'push.manage',
    summary: '重新推送该订阅的全部死信',
    params: IdParams,
    response: { 200: Type.Object({ replayed: Type.Integer() }) },
    act: (ctx, { params }) => replayDeadLetters(ctx, params.id),
  });

  route.get('/api/push/deliveries', {
    access: 'push.manage',
    summary: '推送记录（按订阅、状态筛选，分页）',
    ...pageOf(DeliveryQuery, Delivery, listDeliveries),
  });

  route.get('/api/push/deliveries/:id/attempts', {
    access: 'push.manage',
    summary: '一条推送的逐次尝试日志（时间、状态码、错误、耗时，分页）',
    params: Type.Object({ id: BigId }),
    querystring: PageQuery,
    response: { 200: Page(Attempt) },
    read: (ctx, { params, query }) => listAttempts(ctx, params.id, query),
  });

  route.post('/api/push/deliveries/:id/replay', {
    access: 'push.manage',
    summary: '重新推送一条消息（死信或已送达的）',
    params: Type.Object({ id: BigId }),
    response: { 200: Type.Object({ replayed: Type.Integer() }) },
    act: (ctx, { params }) => replayDelivery(ctx, params.id),
  });

  route.post('/api/push/results', {
    access: 'push.results',
    summary: '监管部门系统回传核查结果（接口令牌，按幂等键去重）',
    security: [{ token: [] }],
    body: InboundResultBody,
    response: { 200: InboundResult, 201: InboundResult },
    handler: async (request, reply) => {
      const result = await act(request, (ctx) => receiveResult(ctx, request.body));
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  });

  route.get('/api/push/results', {
    access: 'push.manage',
    summary: '已收到的核查结果（分页）',
    ...pageOf(PageQuery, InboundResult, listInbound),
  });
});
