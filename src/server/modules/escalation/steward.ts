import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { ReadCtx } from '../../context';
import { cachedDepartment } from '../accounts/department-cache';
import { type EscalationRow, findEscalation } from './repository';

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

export function checkVersion(row: EscalationRow, version: number | undefined) {
  if (version !== undefined && version !== row.version) {
    throw new DomainError('CONFLICT', '该转办记录已被他人处理，请刷新后重试');
  }
}
