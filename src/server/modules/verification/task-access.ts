import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { ReadCtx } from '../../context';
import {
  findNotice,
  findNoticeOfTask,
  findTask,
  type NoticeRow,
  scopeForStaff,
  type TaskRow,
} from './repository';

/** Staff see the tasks of their department's role in the ladder; nobody else sees any. */
export function staffScope(actor: Actor) {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看核查任务');
  return scopeForStaff(actor.departmentId, actor.userId, actor.roles);
}

/**
 * A task the caller may see: the supervising department's administrators and its assigned inspectors, and the
 * approvers of the department that decided. Another department's task is reported as absent, so ids reveal
 * nothing.
 */
export async function visibleTask(ctx: Pick<ReadCtx, 'db' | 'actor'>, id: string): Promise<TaskRow> {
  const task = await findTask(ctx.db, id);
  const a = ctx.actor;
  const visible =
    task &&
    a.kind === 'staff' &&
    ((a.departmentId === task.supervisingDepartmentId &&
      (a.roles.includes('supervision_admin') || task.inspectorIds.includes(a.userId))) ||
      (a.departmentId === task.approvingDepartmentId && a.roles.includes('approver')));
  if (!task || !visible) throw new DomainError('NOT_FOUND', '核查任务不存在');
  return task;
}

/** The defence notice of a task, which the later steps of due process need. */
export async function noticeOfTask(ctx: Pick<ReadCtx, 'db'>, task: TaskRow): Promise<NoticeRow> {
  const notice = await findNoticeOfTask(ctx.db, task.id);
  if (!notice) throw new DomainError('PRECONDITION_FAILED', '尚未送达陈述申辩告知书');
  return notice;
}

/** A notice addressed to the caller; anyone else's is absent. */
export async function partyNotice(ctx: Pick<ReadCtx, 'db' | 'actor'>, id: string): Promise<NoticeRow> {
  const notice = await findNotice(ctx.db, id);
  const a = ctx.actor;
  if (!notice || a.kind !== 'applicant' || notice.partyUserId !== a.userId) {
    throw new DomainError('NOT_FOUND', '陈述申辩告知书不存在');
  }
  return notice;
}
