import { eq } from 'drizzle-orm';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { pushInboundResult } from '../../db/schema';
import { notify } from '../inbox/notify';
import { pushVerificationResult } from './create-tasks';
import { findTask, staffWithRole } from './repository';
import { moveTask } from './shared';

type Inbound = typeof pushInboundResult.$inferSelect;

/**
 * A result a supervising system sent back (审管联动). A clean data check closes the open task of that
 * department at once; any other finding goes to the department's supervision administrators, since a
 * rectification order needs its requirement and deadline set by a person.
 */
export async function applyInboundResult(ctx: Ctx, row: Inbound): Promise<'processed' | 'received'> {
  if (!row.taskId || !/^[0-9a-f-]{36}$/i.test(row.taskId)) return 'received';
  const task = await findTask(ctx.tx, row.taskId);
  if (!task || task.supervisingDepartmentId !== row.departmentId) return 'received';
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
  await ctx.tx.update(pushInboundResult).set({ status }).where(eq(pushInboundResult.id, row.id));
  return status;
}
