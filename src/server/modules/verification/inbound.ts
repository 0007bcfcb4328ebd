import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { applicationOfCommitmentCode } from '../../push/national-commitment';
import { notify } from '../inbox/notify';
import { pushVerificationResult } from './create-tasks';
import {
  findTask,
  type InboundRow,
  setInboundStatus,
  staffWithRole,
  type TaskRow,
  tasksOfApplication,
} from './repository';
import { moveTask } from './shared';

/** The task a result refers to: by its id, or by the 承诺编码 the commitment was pushed under. */
async function taskOf(ctx: Ctx, row: InboundRow): Promise<TaskRow | undefined> {
  if (row.taskId) return /^[0-9a-f-]{36}$/i.test(row.taskId) ? findTask(ctx.tx, row.taskId) : undefined;
  if (!row.commitmentCode) return undefined;
  const applicationId = await applicationOfCommitmentCode(ctx.tx, row.commitmentCode);
  return applicationId ? (await tasksOfApplication(ctx.tx, applicationId))[0] : undefined;
}

/**
 * A result a supervising system sent back (审管联动). A clean data check closes the open task of that
 * department at once; any other finding goes to the department's supervision administrators, since a
 * rectification order needs its requirement and deadline set by a person.
 */
export async function applyInboundResult(
  ctx: Ctx,
  row: InboundRow,
): Promise<'processed' | 'received' | 'rejected'> {
  const task = await taskOf(ctx, row);
  if (!task || task.supervisingDepartmentId !== row.departmentId) {
    // Nothing may be lost between supervision and approval (审管衔接): a result that matches no task of
    // the sending department is set aside and its administrators are told.
    for (const admin of await staffWithRole(ctx.tx, row.departmentId, 'supervision_admin')) {
      await notify(ctx, {
        userId: admin.id,
        kind: 'verification_inbound',
        title: '监管系统回传的核查结果无法对应核查任务',
        body: `承诺编码 ${row.commitmentCode ?? '（无）'}，任务号 ${row.taskId ?? '（无）'}：未找到本部门对应的核查任务，请核对后联系发送方。`,
        refType: 'push_inbound_result',
        refId: row.id,
      });
    }
    await setInboundStatus(ctx.tx, row.id, 'rejected');
    return 'rejected';
  }
  let status: 'processed' | 'received' = 'received';
  if (row.outcome === 'compliant' && (task.status === 'pending' || task.status === 'assigned')) {
    const opened =
      task.status === 'pending' ? await moveTask(ctx, task, 'assign', {}, { by: 'system' }) : task;
    const after = await moveTask(
      ctx,
      opened,
      'find_compliant',
      { closedAt: ctx.now },
      {
        inboundResultId: row.id,
        findings: row.findings,
        verifiedOn: row.verifiedOn,
      },
    );
    await pushVerificationResult(ctx, after, { finding: 'compliant', summary: row.findings, at: ctx.now });
    await appendAudit(ctx, {
      action: 'verification.finding_compliant',
      targetType: 'verification_task',
      targetId: task.id,
      before: { status: task.status },
      after: { status: after.status, inboundResultId: row.id },
    });
    status = 'processed';
  } else {
    for (const admin of await staffWithRole(ctx.tx, task.supervisingDepartmentId, 'supervision_admin')) {
      await notify(ctx, {
        userId: admin.id,
        kind: 'verification_inbound',
        title: `监管系统回传核查结果：${task.subjectName}`,
        body: `回传结论需人工处理：${row.findings}`,
        refType: 'verification_task',
        refId: task.id,
      });
    }
  }
  await setInboundStatus(ctx.tx, row.id, status);
  return status;
}
