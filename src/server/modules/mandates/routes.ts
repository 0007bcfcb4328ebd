import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Uuid } from '../../../contracts/common';
import { GrantMandate, Mandate, MandateList, RecordPaperMandate } from '../../../contracts/identity';
import type { Deps } from '../../context';
import { defineRoutes } from '../../http/route';
import { grantMandate } from './grant-mandate';
import { listMyMandates, showMandate } from './queries/list-mandates';
import { recordPaperMandate } from './record-paper-mandate';
import { revokeMandate } from './revoke-mandate';

const tags = ['委托代理'];

export function mandateRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return defineRoutes(deps, { tags }, (route, { act, read }) => {
    /** An action's mandate, read once the action has committed. */
    const one = (request: FastifyRequest, m: Parameters<typeof showMandate>[1]) =>
      read(request, (ctx) => showMandate(ctx, m));

    route.get('/api/mandates', {
      access: 'mandate.read',
      summary: '我的委托：本人授予他人的和他人授予本人的（申请人）',
      response: { 200: MandateList },
      handler: (request) => read(request, listMyMandates),
    });

    route.post('/api/mandates', {
      access: 'mandate.grant',
      summary: '在线授权委托（企业或自然人本人，须已核验身份）',
      body: GrantMandate,
      response: { 201: Mandate },
      handler: async (request) => {
        const m = await act(request, (ctx) => grantMandate(ctx, request.body));
        return one(request, m);
      },
    });

    route.post('/api/mandates/:id/revoke', {
      access: 'mandate.grant',
      summary: '撤销委托（委托人）',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }) }),
      response: { 200: Mandate },
      handler: async (request) => {
        const m = await act(request, (ctx) => revokeMandate(ctx, request.params.id, request.body.version));
        return one(request, m);
      },
    });

    route.post('/api/mandates/paper', {
      access: 'mandate.verify',
      summary: '窗口核验纸质授权委托书并登记委托',
      body: RecordPaperMandate,
      response: { 201: Mandate },
      handler: async (request) => {
        const m = await act(request, (ctx) => recordPaperMandate(ctx, request.body));
        return one(request, m);
      },
    });
  });
}
