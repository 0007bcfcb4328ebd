import {
  AssignEscalation,
  EscalationQuery,
  EscalationView,
  ResolveEscalation,
} from '../../../contracts/escalation';
import { actOnId, defineRoutes, oneById, pageOf } from '../../http/route';
import { assignEscalation } from './assign-escalation';
import { getEscalation } from './queries/get-escalation';
import { listEscalations } from './queries/list-escalations';
import { resolveEscalation } from './resolve-escalation';

/** 15.6: the service centre's queue of work nobody can act on. */
export const escalationRoutes = defineRoutes({ tags: ['无人办理转办'] }, (route) => {
  route.get('/api/escalations', {
    access: 'escalation.manage',
    summary: '无人办理的待审申请和核查任务（政务服务中心系统管理员、事项管理员）',
    ...pageOf(EscalationQuery, EscalationView, listEscalations),
  });

  route.get('/api/escalations/:id', {
    access: 'escalation.manage',
    summary: '转办记录详情',
    ...oneById(EscalationView, getEscalation),
  });

  route.post('/api/escalations/:id/assign', {
    access: 'escalation.manage',
    summary: '指派给能办理的人员（缺员部门中持有所缺角色的在岗人员），并通知本人',
    ...actOnId(AssignEscalation, EscalationView, assignEscalation),
  });

  route.post('/api/escalations/:id/resolve', {
    access: 'escalation.manage',
    summary: '写明处理结果，办结转办记录',
    ...actOnId(ResolveEscalation, EscalationView, resolveEscalation),
  });
});
