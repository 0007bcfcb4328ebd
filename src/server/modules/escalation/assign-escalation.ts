import type { Static } from 'typebox';
import { staffRoleLabels } from '../../../contracts/enums';
import type { AssignEscalation } from '../../../contracts/escalation';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { findUserById } from '../accounts/repository';
import { notify } from '../inbox/notify';
import { presentEscalation } from './present';
import { updateEscalation } from './repository';
import { checkVersion, requireEscalation } from './steward';

/**
 * Hands the work to someone who can now act on it: an active staff member of a department that lacked
 * someone, holding a role it lacked (added since, or found elsewhere in that department). They are told.
 */
export async function assignEscalation(ctx: Ctx, id: string, input: Static<typeof AssignEscalation>) {
  const before = await requireEscalation(ctx, id);
  checkVersion(before, input.version);
  if (before.status === 'resolved') throw new DomainError('INVALID_TRANSITION', '该转办记录已办结');
  const user = await findUserById(ctx.tx, input.userId);
  const fits =
    user?.kind === 'staff' &&
    user.active &&
    before.gaps.some((g) => g.departmentId === user.departmentId && user.roles.includes(g.role));
  if (!user || !fits) {
    const wanted = before.gaps.map((g) => `${g.departmentName}的${staffRoleLabels[g.role]}`).join('或');
    throw new DomainError('VALIDATION', `只能指派给能办理的在岗人员：${wanted}`, { userId: input.userId });
  }
  const after = await updateEscalation(ctx.tx, before, ['open', 'assigned'], {
    status: 'assigned',
    assignedUserId: user.id,
    assignedAt: ctx.now,
  });
  if (!after) throw new DomainError('CONFLICT', '该转办记录已被他人处理，请刷新后重试');
  await notify(ctx, {
    userId: user.id,
    kind: 'escalation_assigned',
    title: `政务服务中心转办：${before.summary}`,
    body: `该事项此前无人办理，现指派由您办理。${input.note?.trim() ? `说明：${input.note.trim()}` : ''}`,
    refType: before.refType,
    refId: before.refId,
  });
  await appendAudit(ctx, {
    action: 'escalation.assign',
    targetType: 'escalation',
    targetId: id,
    before: { status: before.status, assignedUserId: before.assignedUserId },
    after: { status: after.status, assignedUserId: user.id, note: input.note?.trim() || null },
  });
  return presentEscalation(after);
}
