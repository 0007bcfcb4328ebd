import type { Static } from 'typebox';
import { staffRoleLabels } from '../../../contracts/enums';
import type { AssignEscalation, ResolveEscalation } from '../../../contracts/escalation';
import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx, ReadCtx } from '../../context';
import { cachedDepartment } from '../accounts/department-cache';
import { findUserById } from '../accounts/repository';
import { actorRef } from '../catalog/shared';
import { notify } from '../inbox/notify';
import { type EscalationRow, findEscalation, updateEscalation } from './repository';

/**
 * The queue is the service centre's (政务服务中心): its system administrators (who create the missing
 * accounts) and catalog administrators (who publish the items) work it. The route's permission names the
 * roles; this names the department.
 */
export async function assertSteward(ctx: ReadCtx, actor: Actor): Promise<void> {
  if (actor.kind === 'system') return;
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限政务服务中心工作人员');
  const dept = await cachedDepartment(ctx, actor.departmentId);
  if (dept?.kind !== 'service_center') {
    throw new DomainError('FORBIDDEN', '无人办理事项的转办队列由政务服务中心的系统管理员、事项管理员处理');
  }
}

export async function requireEscalation(ctx: ReadCtx, id: string): Promise<EscalationRow> {
  await assertSteward(ctx, ctx.actor);
  const row = await findEscalation(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', '转办记录不存在', { id });
  return row;
}

function checkVersion(row: EscalationRow, version: number | undefined) {
  if (version !== undefined && version !== row.version) {
    throw new DomainError('CONFLICT', '该转办记录已被他人处理，请刷新后重试');
  }
}

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
  return after;
}

/** Closes the entry with what was done (staff added and told, handed over off-line, …). */
export async function resolveEscalation(ctx: Ctx, id: string, input: Static<typeof ResolveEscalation>) {
  const before = await requireEscalation(ctx, id);
  checkVersion(before, input.version);
  if (before.status === 'resolved') throw new DomainError('INVALID_TRANSITION', '该转办记录已办结');
  const resolution = input.resolution.trim();
  if (resolution.length < 2) throw new DomainError('VALIDATION', '请写明处理结果');
  const after = await updateEscalation(ctx.tx, before, ['open', 'assigned'], {
    status: 'resolved',
    resolution,
    resolvedBy: actorRef(ctx.actor).actorName,
    resolvedAt: ctx.now,
  });
  if (!after) throw new DomainError('CONFLICT', '该转办记录已被他人处理，请刷新后重试');
  await appendAudit(ctx, {
    action: 'escalation.resolve',
    targetType: 'escalation',
    targetId: id,
    before: { status: before.status },
    after: { status: after.status, resolution },
  });
  return after;
}
