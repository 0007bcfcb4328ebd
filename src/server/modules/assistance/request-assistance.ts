import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { AssistanceRequestBody } from '../../../contracts/assistance';
import { DomainError } from '../../../domain/errors';
import { chinaDate, chinaDayEnd, reckonWorkingDays } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { findDepartment } from '../accounts/repository';
import { calendarOf } from '../calendar/calendar-cache';
import { findTask } from '../verification/repository';
import { moveTask } from '../verification/shared';
import { assertWorksTask } from './access';
import { insertRequest, reachedByPush } from './repository';
import { tellHelper } from './tell-helper';

/**
 * 部门间、地区间协助核查 (004): where a commitment cannot be checked through shared data, the verifying
 * department asks another department to confirm it, with a deadline in working days. The task stays
 * with the verifier and waits: no finding is recorded while an answer is owed.
 */
export async function requestAssistance(
  ctx: Ctx,
  taskId: string,
  input: Static<typeof AssistanceRequestBody>,
) {
  const task = await findTask(ctx.tx, taskId);
  if (!task) throw new DomainError('NOT_FOUND', '核查任务不存在');
  const staff = assertWorksTask(ctx.actor, task);
  if (input.helperDepartmentId === task.supervisingDepartmentId) {
    throw new DomainError('VALIDATION', '协助核查须向其他部门或地区提出', { field: 'helperDepartmentId' });
  }
  const helper = await findDepartment(ctx.tx, input.helperDepartmentId);
  if (!helper) throw new DomainError('NOT_FOUND', '协助部门不存在', { field: 'helperDepartmentId' });
  await moveTask(
    ctx,
    task,
    'request_assistance',
    {},
    {
      helperDepartmentId: helper.id,
      question: input.question,
    },
  );
  const today = chinaDate(ctx.now);
  const due = reckonWorkingDays(await calendarOf(ctx), today, input.workingDays);
  const push = await reachedByPush(ctx.tx, helper.id);
  const row = await insertRequest(ctx.tx, {
    id: randomUUID(),
    taskId: task.id,
    requestingDepartmentId: task.supervisingDepartmentId,
    helperDepartmentId: helper.id,
    channel: push ? 'push' : 'internal',
    question: input.question,
    workingDays: input.workingDays,
    dueDate: due.date,
    status: 'open',
    requestedById: staff.userId,
    requestedBy: staff.username,
    createdAt: ctx.now,
  });
  await tellHelper(
    ctx,
    row,
    {
      payload: {
        requestId: row.id,
        kind: 'request',
        question: row.question,
        dueDate: row.dueDate,
        subjectName: task.subjectName,
        subjectCode: task.subjectCodeMasked,
      },
    },
    {
      kind: 'assistance_request',
      title: `协助核查请求：${task.subjectName}`,
      body: `请于${row.dueDate}前答复：${row.question}`,
    },
  );
  // Chased once the deadline has passed, and every working day after until answered (chase-assistance.ts).
  await ctx.jobs.enqueue(
    ctx.tx,
    jobNames.assistanceOverdue,
    { requestId: row.id },
    {
      startAfter: chinaDayEnd(row.dueDate),
    },
  );
  await appendAudit(ctx, {
    action: 'assistance.request',
    targetType: 'assistance_request',
    targetId: row.id,
    after: {
      taskId: task.id,
      helperDepartmentId: helper.id,
      channel: row.channel,
      question: row.question,
      dueDate: row.dueDate,
    },
  });
  return row;
}
