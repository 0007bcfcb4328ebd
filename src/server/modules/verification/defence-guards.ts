import { DomainError } from '../../../domain/errors';
import { type DefenceState, defenceClosedReason } from '../../../domain/verification';
import { chinaDate } from '../../../domain/working-days';
import type { Ctx } from '../../context';
import { notify } from '../inbox/notify';
import { findTask, listTaskEvents, type NoticeRow, staffWithRole, type TaskRow } from './repository';

export const defenceState = (n: NoticeRow): DefenceState => ({
  deadline: n.deadline,
  statedAt: n.statedAt,
  waivedAt: n.waivedAt,
  hearingRequestedAt: n.hearingRequestedAt,
  hearingRecordedAt: n.hearingRecordedAt,
});

/** The approving department decides, so it tells, hears and answers the party. */
export function assertApprovingOfficer(ctx: Ctx, departmentId: string, what: string) {
  const a = ctx.actor;
  if (a.kind !== 'staff' || !a.roles.includes('approver') || a.departmentId !== departmentId) {
    throw new DomainError('FORBIDDEN', `只能由作出审批决定的部门${what}`);
  }
  return a;
}

export async function falseFound(ctx: Ctx, task: TaskRow): Promise<boolean> {
  return (await listTaskEvents(ctx.tx, task.id)).some((e) => e.event === 'find_false');
}

export async function taskOfNotice(ctx: Ctx, notice: NoticeRow): Promise<TaskRow> {
  const task = await findTask(ctx.tx, notice.taskId);
  if (!task) throw new DomainError('NOT_FOUND', '核查任务不存在');
  return task;
}

export function assertOpen(ctx: Ctx, notice: NoticeRow) {
  const closed = defenceClosedReason(defenceState(notice), chinaDate(ctx.now));
  if (closed) throw new DomainError('PRECONDITION_FAILED', closed);
}

/** The party answers its own notice only; anyone else is told it does not exist. */
export function assertParty(ctx: Ctx, notice: NoticeRow) {
  const a = ctx.actor;
  if (a.kind !== 'applicant' || notice.partyUserId !== a.userId) {
    throw new DomainError('NOT_FOUND', '陈述申辩告知书不存在');
  }
}

export async function tellApprovers(ctx: Ctx, task: TaskRow, title: string, body: string) {
  for (const approver of await staffWithRole(ctx.tx, task.approvingDepartmentId, 'approver')) {
    await notify(ctx, {
      userId: approver.id,
      kind: 'defence_update',
      title,
      body,
      refType: 'verification_task',
      refId: task.id,
    });
  }
}
