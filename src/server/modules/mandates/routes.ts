import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Uuid } from '../../../contracts/common';
import {
  GrantMandate,
  Mandate,
  MandateList,
  mandateScopeLabels,
  mandateSourceLabels,
  mandateStatusLabels,
  RecordPaperMandate,
} from '../../../contracts/identity';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { type Deps, runAction } from '../../context';
import { caller } from '../../http/auth';
import { defineRoutes } from '../../http/route';
import { findUserById } from '../accounts/repository';
import { grantMandate } from './grant-mandate';
import { recordPaperMandate } from './record-paper-mandate';
import { type MandateEventRow, type MandateRow, mandateHistory, mandatesOf } from './repository';
import { revokeMandate } from './revoke-mandate';
import { mandateState } from './shared';

const tags = ['委托代理'];
const eventLabels: Record<string, string> = {
  grant: '在线授权',
  verify_paper: '窗口核验纸质授权委托书',
  revoke: '撤销',
};

export function presentMandate(m: MandateRow, history: MandateEventRow[], today: string) {
  const status = mandateState(m, today);
  return {
    id: m.id,
    number: m.number,
    principalKind: m.principalKind,
    principalName: m.principalName,
    principalCode: m.principalCodeShown,
    agentName: m.agentName,
    agentIdMasked: m.agentIdMasked,
    scope: m.scope,
    scopeLabel: mandateScopeLabels[m.scope],
    itemCodes: m.itemCodes,
    expiresOn: m.expiresOn,
    source: m.source,
    sourceLabel: mandateSourceLabels[m.source],
    status,
    statusLabel: mandateStatusLabels[status],
    version: m.version,
    createdAt: m.createdAt.toISOString(),
    history: history
      .filter((e) => e.mandateId === m.id)
      .map((e) => ({
        seq: e.seq,
        event: e.event,
        eventLabel: eventLabels[e.event] ?? e.event,
        actorName: e.actorName,
        comment: e.comment,
        at: e.at.toISOString(),
      })),
  };
}

export function mandateRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return defineRoutes(deps, { tags }, (route) => {
    const one = async (m: MandateRow) =>
      presentMandate(m, await mandateHistory(deps.database.db, [m.id]), chinaDate(deps.clock()));

    route.get('/api/mandates', {
      access: 'mandate.read',
      summary: '我的委托：本人授予他人的和他人授予本人的（申请人）',
      response: { 200: MandateList },
      handler: async (request) => {
        const { actor, account } = caller(request);
        if (actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '只有申请人有自己的委托');
        const user = account ?? (await findUserById(deps.database.db, actor.userId));
        if (!user) throw new DomainError('NOT_FOUND', '账号不存在');
        // Only a proven account is the subject it names, so only it sees the subject's mandates.
        const proven = user.identityProof !== 'none';
        const ownCode =
          user.applicantType === 'enterprise'
            ? user.uscc
            : user.residentIdEnc
              ? deps.crypto.decrypt(user.residentIdEnc)
              : null;
        const lookup = proven && ownCode ? deps.crypto.lookupHash(ownCode) : null;
        const rows = await mandatesOf(deps.database.db, { principalLookup: lookup, agentLookup: lookup });
        const history = await mandateHistory(
          deps.database.db,
          rows.map((m) => m.id),
        );
        const today = chinaDate(deps.clock());
        return {
          granted: rows
            .filter((m) => m.principalLookup === lookup)
            .map((m) => presentMandate(m, history, today)),
          received: rows
            .filter((m) => m.agentLookup === lookup)
            .map((m) => presentMandate(m, history, today)),
        };
      },
    });

    route.post('/api/mandates', {
      access: 'mandate.grant',
      summary: '在线授权委托（企业或自然人本人，须已核验身份）',
      body: GrantMandate,
      response: { 201: Mandate },
      handler: async (request) => {
        const m = await runAction(deps, caller(request), (ctx) => grantMandate(ctx, request.body));
        return await one(m);
      },
    });

    route.post('/api/mandates/:id/revoke', {
      access: 'mandate.grant',
      summary: '撤销委托（委托人）',
      params: Type.Object({ id: Uuid }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }) }),
      response: { 200: Mandate },
      handler: async (request) => {
        const m = await runAction(deps, caller(request), (ctx) =>
          revokeMandate(ctx, request.params.id, request.body.version),
        );
        return one(m);
      },
    });

    route.post('/api/mandates/paper', {
      access: 'mandate.verify',
      summary: '窗口核验纸质授权委托书并登记委托',
      body: RecordPaperMandate,
      response: { 201: Mandate },
      handler: async (request) => {
        const m = await runAction(deps, caller(request), (ctx) => recordPaperMandate(ctx, request.body));
        return await one(m);
      },
    });
  });
}
