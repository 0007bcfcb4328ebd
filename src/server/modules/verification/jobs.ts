import { chinaDate } from '../../../domain/working-days';
import { type Deps, runAction, systemActor } from '../../context';
import { notify } from '../inbox/notify';
import { findNoticeOfTask, findTask, openStatuses, staffWithRole } from './repository';

/**
 * Deadline jobs. Each re-reads the task and acts only if the deadline really passed with the task still
 * open, so a job that runs twice, late or after the work was done changes nothing.
 */
export async function warnVerificationOverdue(deps: Deps, taskId: string): Promise<void> {
  await runAction(deps, { actor: systemActor('核查期限监控'), requestId: null }, async (ctx) => {
    const task = await findTask(ctx.tx, taskId);
    if (!task || !openStatuses.includes(task.status) || chinaDate(ctx.now) <= task.dueDate) return;
    const admins = await staffWithRole(ctx.tx, task.supervisingDepartmentId, 'supervision_admin');
    for (const userId of new Set([...admins.map((a) => a.id), ...task.inspectorIds])) {
      await notify(ctx, {
        userId,
        kind: 'verification_overdue',
        title: `核查任务已逾期：${task.subjectName}`,
        body: `该承诺应于${task.dueDate}前完成核查，目前仍未核查，请尽快处理。`,
        refType: 'verification_task',
        refId: task.id,
      });
    }
  });
}

export async function warnRectificationDue(deps: Deps, taskId: string): Promise<void> {
  await runAction(deps, { actor: systemActor('整改期限监控'), requestId: null }, async (ctx) => {
    const task = await findTask(ctx.tx, taskId);
    if (task?.status !== 'rectifying' || !task.rectificationDueDate) return;
    if (chinaDate(ctx.now) <= task.rectificationDueDate) return;
    for (const userId of task.inspectorIds) {
      await notify(ctx, {
        userId,
        kind: 'rectification_due',
        title: `整改期限已届满：${task.subjectName}`,
        body: `整改期限为${task.rectificationDueDate}，请及时复查并登记复查结论。`,
        refType: 'verification_task',
        refId: task.id,
      });
    }
  });
}

/** The 陈述申辩 period is over with nothing heard from the party: the approving department may decide. */
export async function announceDefenceOver(deps: Deps, taskId: string): Promise<void> {
  await runAction(deps, { actor: systemActor('陈述申辩期限监控'), requestId: null }, async (ctx) => {
    const task = await findTask(ctx.tx, taskId);
    if (task?.status !== 'defence') return;
    const notice = await findNoticeOfTask(ctx.tx, taskId);
    if (!notice || notice.statedAt || notice.waivedAt || chinaDate(ctx.now) <= notice.deadline) return;
    for (const approver of await staffWithRole(ctx.tx, task.approvingDepartmentId, 'approver')) {
      await notify(ctx, {
        userId: approver.id,
        kind: 'defence_over',
        title: `陈述申辩期限已届满：${task.subjectName}`,
        body: `办件${notice.applicationNumber}的陈述申辩期限已于${notice.deadline}届满，当事人未陈述申辩，可依法作出撤销决定。`,
        refType: 'verification_task',
        refId: task.id,
      });
    }
  });
}
