import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { findTask } from '../verification/repository';
import { moveTask } from '../verification/shared';
import { assertHandles } from './access';
import { closeReport as closeRow, reportById } from './repository';

/**
 * A repeated or abusive report is closed with a reason the reporter will read, and its task ends
 * without a finding. Only while nothing has been found: a report already borne out stays.
 */
export async function closeReport(ctx: Ctx, id: string, reason: string) {
  const row = await reportById(ctx.tx, id);
  if (!row) throw new DomainError('NOT_FOUND', '举报不存在');
  assertHandles(ctx.actor, row.report.supervisingDepartmentId);
  if (row.report.closedAt) throw new DomainError('CONFLICT', '该举报已办结');
  const task = await findTask(ctx.tx, row.report.taskId);
  if (!task) throw new DomainError('NOT_FOUND', '核查任务不存在');
  if (task.status !== 'pending' && task.status !== 'assigned') {
    throw new DomainError('PRECONDITION_FAILED', '已登记核查结论的举报不能以不予核查办结');
  }
  await moveTask(ctx, task, 'dismiss', { closedAt: ctx.now }, { reason });
  const closed = await closeRow(ctx.tx, id, {
    closedReason: reason,
    closedBy: actorRef(ctx.actor).actorName,
    closedAt: ctx.now,
  });
  if (!closed) throw new DomainError('CONFLICT', '该举报刚被办结，请刷新后重试');
  await appendAudit(ctx, {
    action: 'report.close',
    targetType: 'public_report',
    targetId: id,
    before: { taskStatus: task.status },
    after: { reason, taskId: task.id },
  });
  return closed;
}
