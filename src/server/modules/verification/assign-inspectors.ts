import type { Static } from 'typebox';
import type { AssignBody } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { notify } from '../inbox/notify';
import { assertSupervisingAdmin } from './guards';
import { staffWithRole, type TaskRow } from './repository';
import { moveTask } from './shared';

/** The supervision administrator names the inspectors; at least two for on-site checks (双人执法). */
export async function assignInspectors(ctx: Ctx, before: TaskRow, input: Static<typeof AssignBody>) {
  const taskId = before.id;
  assertSupervisingAdmin(ctx.actor, before);
  if (before.method === 'on_site' && input.inspectorIds.length < 2) {
    throw new DomainError('VALIDATION', '现场核查须分派至少两名核查人员');
  }
  const inspectors = await staffWithRole(ctx.tx, before.supervisingDepartmentId, 'inspector');
  const known = new Set(inspectors.map((i) => i.id));
  const unknown = input.inspectorIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION', '所选人员不是本部门的核查人员', { inspectorIds: unknown });
  }
  const after = await moveTask(ctx, before, 'assign', { inspectorIds: input.inspectorIds }, input);
  for (const id of input.inspectorIds) {
    await notify(ctx, {
      userId: id,
      kind: 'verification_assigned',
      title: '您有新的核查任务',
      body: `请于${after.dueDate}前完成对${after.subjectName}的核查。`,
      refType: 'verification_task',
      refId: after.id,
    });
  }
  await appendAudit(ctx, {
    action: 'verification.assign',
    targetType: 'verification_task',
    targetId: taskId,
    before: { status: before.status, inspectorIds: before.inspectorIds },
    after: { status: after.status, inspectorIds: after.inspectorIds },
  });
  return after;
}
