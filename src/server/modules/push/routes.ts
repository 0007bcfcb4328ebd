import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BigId, ErrorResponse, Page, PageQuery, Uuid } from '../../../contracts/common';
import {
  Attempt,
  CreateSubscription,
  Delivery,
  DeliveryQuery,
  deliveryStatusLabels,
  InboundResult,
  InboundResultBody,
  inboundOutcomeLabels,
  Subscription,
  SubscriptionWithSecret,
  UpdateSubscription,
} from '../../../contracts/push';
import { DomainError } from '../../../domain/errors';
import { type Deps, readContext, runAction } from '../../context';
import { caller } from '../../http/auth';
import { receiveResult } from './inbound';
import { replayDeadLetters, replayDelivery } from './replay';
import {
  countSubscriptions,
  findDelivery,
  type InboundRow,
  listAttempts,
  listDeliveries,
  listInbound,
  listSubscriptions,
} from './repository';
import { changeSubscription, createSubscription } from './subscriptions';

const tags = ['审管衔接推送'];
const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const iso = (d: Date | null) => d?.toISOString() ?? null;

type Listed = Awaited<ReturnType<typeof listSubscriptions>>[number];
const toSubscription = (r: Listed) => ({
  id: r.sub.id,
  systemName: r.sub.systemName,
  departmentId: r.sub.departmentId,
  departmentName: r.departmentName,
  url: r.sub.url,
  topics: r.sub.topics,
  active: r.sub.active,
  createdAt: r.sub.createdAt.toISOString(),
  updatedAt: r.sub.updatedAt.toISOString(),
  pending: r.pending,
  dead: r.dead,
});

const toInbound = (row: InboundRow, duplicate: boolean) => ({
  id: row.id,
  duplicate,
  departmentId: row.departmentId,
  senderKey: row.senderKey,
  commitmentCode: row.commitmentCode,
  taskId: row.taskId,
  outcome: row.outcome,
  outcomeLabel: inboundOutcomeLabels[row.outcome],
  verifiedOn: row.verifiedOn,
  findings: row.findings,
  status: row.status,
  receivedAt: row.receivedAt.toISOString(),
});

export function pushRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/push/subscriptions',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '推送订阅列表（系统管理员）',
          querystring: PageQuery,
          response: { 200: Page(Subscription), ...errors },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const db = readContext(deps, caller(request)).db;
        const rows = await listSubscriptions(db, undefined, page, pageSize);
        return { items: rows.map(toSubscription), total: await countSubscriptions(db), page, pageSize };
      },
    );

    app.post(
      '/api/push/subscriptions',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '新增推送订阅（接收系统、部门、地址、消息类别、签名密钥）',
          body: CreateSubscription,
          response: { 201: SubscriptionWithSecret, ...errors },
        },
      },
      async (request, reply) => {
        const out = await runAction(deps, caller(request), async (ctx) => {
          const { row, secret } = await createSubscription(ctx, request.body);
          const [listed] = await listSubscriptions(ctx.tx, row.id);
          return { ...toSubscription(listed!), secret };
        });
        return reply.status(201).send(out);
      },
    );

    app.patch(
      '/api/push/subscriptions/:id',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '修改、停用推送订阅或更换签名密钥',
          params: Type.Object({ id: Uuid }),
          body: UpdateSubscription,
          response: { 200: SubscriptionWithSecret, ...errors },
        },
      },
      async (request) =>
        runAction(deps, caller(request), async (ctx) => {
          const { row, secret } = await changeSubscription(ctx, request.params.id, request.body);
          const [listed] = await listSubscriptions(ctx.tx, row.id);
          return { ...toSubscription(listed!), secret };
        }),
    );

    app.post(
      '/api/push/subscriptions/:id/replay-dead',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '重新推送该订阅的全部死信',
          params: Type.Object({ id: Uuid }),
          response: { 200: Type.Object({ replayed: Type.Integer() }), ...errors },
        },
      },
      async (request) => runAction(deps, caller(request), (ctx) => replayDeadLetters(ctx, request.params.id)),
    );

    app.get(
      '/api/push/deliveries',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '推送记录（按订阅、状态筛选，分页）',
          querystring: DeliveryQuery,
          response: { 200: Page(Delivery), ...errors },
        },
      },
      async (request) => {
        const { page, pageSize, subscriptionId, status } = request.query;
        const ctx = readContext(deps, caller(request));
        const { rows, total } = await listDeliveries(ctx.db, { subscriptionId, status }, page, pageSize);
        return {
          items: rows.map((r) => ({
            id: r.d.id,
            subscriptionId: r.d.subscriptionId,
            systemName: r.systemName,
            messageSeq: r.d.messageSeq,
            idempotencyKey: r.idempotencyKey,
            topic: r.topic,
            aggregateId: r.aggregateId,
            status: r.d.status,
            statusLabel: deliveryStatusLabels[r.d.status],
            attempts: r.d.attempts,
            nextAttemptAt: r.d.status === 'pending' ? r.d.nextAttemptAt.toISOString() : null,
            lastStatusCode: r.d.lastStatusCode,
            lastError: r.d.lastError,
            deliveredAt: iso(r.d.deliveredAt),
            deadAt: iso(r.d.deadAt),
            createdAt: r.d.createdAt.toISOString(),
          })),
          total,
          page,
          pageSize,
        };
      },
    );

    app.get(
      '/api/push/deliveries/:id/attempts',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '一条推送的逐次尝试日志（时间、状态码、错误、耗时，分页）',
          params: Type.Object({ id: BigId }),
          querystring: PageQuery,
          response: { 200: Page(Attempt), ...errors },
        },
      },
      async (request) => {
        const ctx = readContext(deps, caller(request));
        if (!(await findDelivery(ctx.db, request.params.id)))
          throw new DomainError('NOT_FOUND', '推送记录不存在');
        const { page, pageSize } = request.query;
        const { rows, total } = await listAttempts(ctx.db, request.params.id, page, pageSize);
        return {
          items: rows.map((a) => ({
            attempt: a.attempt,
            at: a.at.toISOString(),
            statusCode: a.statusCode,
            error: a.error,
            durationMs: a.durationMs,
          })),
          total,
          page,
          pageSize,
        };
      },
    );

    app.post(
      '/api/push/deliveries/:id/replay',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '重新推送一条消息（死信或已送达的）',
          params: Type.Object({ id: BigId }),
          response: { 200: Type.Object({ replayed: Type.Integer() }), ...errors },
        },
      },
      async (request) => runAction(deps, caller(request), (ctx) => replayDelivery(ctx, request.params.id)),
    );

    app.post(
      '/api/push/results',
      {
        config: { access: 'push.results' },
        schema: {
          tags,
          summary: '监管部门系统回传核查结果（接口令牌，按幂等键去重）',
          security: [{ token: [] }],
          body: InboundResultBody,
          response: { 200: InboundResult, 201: InboundResult, ...errors },
        },
      },
      async (request, reply) => {
        const { row, duplicate } = await runAction(deps, caller(request), (ctx) =>
          receiveResult(ctx, request.body),
        );
        return reply.status(duplicate ? 200 : 201).send(toInbound(row, duplicate));
      },
    );

    app.get(
      '/api/push/results',
      {
        config: { access: 'push.manage' },
        schema: {
          tags,
          summary: '已收到的核查结果（分页）',
          querystring: PageQuery,
          response: { 200: Page(InboundResult), ...errors },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const { rows, total } = await listInbound(readContext(deps, caller(request)).db, page, pageSize);
        return { items: rows.map((r) => toInbound(r, false)), total, page, pageSize };
      },
    );
  };
}
