import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BigId, Page, PageQuery, Uuid } from '../../../contracts/common';
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
import type { Deps } from '../../context';
import { defineRoutes } from '../../http/route';
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

const tags = ['审管衔接推送'];

export function pushRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return defineRoutes(deps, { tags }, (route, { act, read }) => {
    route.get('/api/push/subscriptions', {
      access: 'push.read',
      summary: '推送订阅列表（系统管理员、合法性审查人员）',
      querystring: PageQuery,
      response: { 200: Page(Subscription) },
      handler: (request) => read(request, (ctx) => listSubscriptions(ctx, request.query)),
    });

    route.post('/api/push/subscriptions', {
      access: 'push.manage',
      summary: '新增推送订阅（接收系统、部门、地址、消息类别、签名密钥）',
      body: CreateSubscription,
      response: { 201: SubscriptionWithSecret },
      handler: (request) => act(request, (ctx) => createSubscription(ctx, request.body)),
    });

    route.patch('/api/push/subscriptions/:id', {
      access: 'push.manage',
      summary: '修改、停用推送订阅或更换签名密钥',
      params: Type.Object({ id: Uuid }),
      body: UpdateSubscription,
      response: { 200: SubscriptionWithSecret },
      handler: (request) => act(request, (ctx) => changeSubscription(ctx, request.params.id, request.body)),
    });

    route.get('/api/push/subscriptions/:id/grants', {
      access: 'push.read',
      summary: '该订阅获授权明文推送的个人信息类别：现行和已撤销的授权（系统管理员、合法性审查人员）',
      params: Type.Object({ id: Uuid }),
      response: { 200: Type.Array(DataGrant) },
      handler: (request) => read(request, (ctx) => listDataGrants(ctx, request.params.id)),
    });

    route.post('/api/push/subscriptions/:id/grants', {
      access: 'push.grant',
      summary: '授权该订阅明文接收一类个人信息，须写明法律依据（合法性审查人员）',
      params: Type.Object({ id: Uuid }),
      body: GrantDataClassBody,
      response: { 201: DataGrant },
      handler: async (request) => {
        const grant = await act(request, (ctx) => grantDataClass(ctx, request.params.id, request.body));
        return read(request, (ctx) => showDataGrant(ctx, grant));
      },
    });

    route.post('/api/push/grants/:id/revoke', {
      access: 'push.grant',
      summary: '撤销明文推送授权，须写明理由；此后该订阅收到的个人信息即为脱敏形式（合法性审查人员）',
      params: Type.Object({ id: Uuid }),
      body: RevokeDataClassBody,
      response: { 200: DataGrant },
      handler: async (request) => {
        const grant = await act(request, (ctx) => revokeDataClass(ctx, request.params.id, request.body));
        return read(request, (ctx) => showDataGrant(ctx, grant));
      },
    });

    route.post('/api/push/subscriptions/:id/replay-dead', {
      access: 'push.manage',
      summary: '重新推送该订阅的全部死信',
      params: Type.Object({ id: Uuid }),
      response: { 200: Type.Object({ replayed: Type.Integer() }) },
      handler: (request) => act(request, (ctx) => replayDeadLetters(ctx, request.params.id)),
    });

    route.get('/api/push/deliveries', {
      access: 'push.manage',
      summary: '推送记录（按订阅、状态筛选，分页）',
      querystring: DeliveryQuery,
      response: { 200: Page(Delivery) },
      handler: (request) => read(request, (ctx) => listDeliveries(ctx, request.query)),
    });

    route.get('/api/push/deliveries/:id/attempts', {
      access: 'push.manage',
      summary: '一条推送的逐次尝试日志（时间、状态码、错误、耗时，分页）',
      params: Type.Object({ id: BigId }),
      querystring: PageQuery,
      response: { 200: Page(Attempt) },
      handler: (request) => read(request, (ctx) => listAttempts(ctx, request.params.id, request.query)),
    });

    route.post('/api/push/deliveries/:id/replay', {
      access: 'push.manage',
      summary: '重新推送一条消息（死信或已送达的）',
      params: Type.Object({ id: BigId }),
      response: { 200: Type.Object({ replayed: Type.Integer() }) },
      handler: (request) => act(request, (ctx) => replayDelivery(ctx, request.params.id)),
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
      querystring: PageQuery,
      response: { 200: Page(InboundResult) },
      handler: (request) => read(request, (ctx) => listInbound(ctx, request.query)),
    });
  });
}
