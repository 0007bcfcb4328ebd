import { verificationEventLabels, verificationStatusLabels } from '../../../contracts/verification';
import { chinaDate } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import { presentNotice } from './present';
import { itemNameOf, type listTaskEvents, type NoticeRow, openStatuses, type TaskRow } from './repository';

export function presentTask(task: TaskRow, itemName: string, today: string) {
  return {
    id: task.id,
    applicationId: task.applicationId,
    licenseId: task.licenseId,
    itemVersionId: task.itemVersionId,
    itemName,
    mode: task.mode,
    subjectName: task.subjectName,
    subjectCode: task.subjectCodeMasked,
    grade: task.grade,
    method: task.method,
    reason: task.reason,
    status: task.status,
    statusLabel: verificationStatusLabels[task.status],
    supervisingDepartmentId: task.supervisingDepartmentId,
    approvingDepartmentId: task.approvingDepartmentId,
    inspectorIds: task.inspectorIds,
    dueDate: task.dueDate,
    overdue: openStatuses.includes(task.status) && task.dueDate < today,
    rectificationDueDate: task.rectificationDueDate,
    revocationReason: task.revocationReason,
    referredToJudicial: task.referredToJudicial,
    createdAt: task.createdAt.toISOString(),
    closedAt: task.closedAt?.toISOString() ?? null,
    version: task.version,
    drawId: task.drawId,
  };
}

export const presentTaskEvent = (e: Awaited<ReturnType<typeof listTaskEvents>>[number]) => ({
  event: e.event,
  label: verificationEventLabels[e.event],
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  actorName: e.actorName,
  detail: e.detail,
  at: e.at.toISOString(),
});

/** A task as the list shows it, read in the context (transaction or not) that changed or found it. */
export async function taskView(ctx: Pick<ReadCtx, 'db' | 'now'>, task: TaskRow) {
  return presentTask(task, await itemNameOf(ctx.db, task.itemVersionId), chinaDate(ctx.now));
}

/** A task with its defence notice, after a step of due process. */
export async function taskWithNotice(
  ctx: Pick<ReadCtx, 'db' | 'now'>,
  r: { task: TaskRow; notice: NoticeRow },
) {
  return { ...(await taskView(ctx, r.task)), defenceNotice: presentNotice(r.notice, chinaDate(ctx.now)) };
}
