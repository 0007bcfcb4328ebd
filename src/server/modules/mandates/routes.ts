import { Type } from 'typebox';
import { GrantMandate, Mandate, MandateList, RecordPaperMandate } from '../../../contracts/identity';
import { actOnId, createFrom, defineRoutes } from '../../http/route';
import { grantMandate } from './grant-mandate';
import { listMyMandates, showMandate } from './queries/list-mandates';
import { recordPaperMandate } from './record-paper-mandate';
import { revokeMandate } from './revoke-mandate';

export const mandateRoutes = defineRoutes({ tags: ['委托代理'] }, (route) => {
  route.get('/api/mandates', {
    access: 'mandate.read',
    summary: '我的委托：本人授予他人的和他人授予本人的（申请人）',
    response: { 200: MandateList },
    read: listMyMandates,
  });

  route.post('/api/mandates', {
    access: 'mandate.grant',
    summary: '在线授权委托（企业或自然人本人，须已核验身份）',
    ...createFrom(GrantMandate, Mandate, grantMandate),
    answer: showMandate,
  });

  route.post('/api/mandates/:id/revoke', {
    access: 'mandate.grant',
    summary: '撤销委托（委托人）',
    ...actOnId(Type.Object({ version: Type.Integer({ minimum: 1 }) }), Mandate, (ctx, id, { version }) =>
      revokeMandate(ctx, id, version),
    ),
    answer: showMandate,
  });

  route.post('/api/mandates/paper', {
    access: 'mandate.verify',
    summary: '窗口核验纸质授权委托书并登记委托',
    ...createFrom(RecordPaperMandate, Mandate, recordPaperMandate),
    answer: showMandate,
  });
});
