import { assertSameDepartment, hasPermission } from '../../../../domain/access';
import type { ReadCtx } from '../../../context';
import { presentStaff } from '../present';
import { listStaff as listRows } from '../repository';

/** A department's staff: its own people see it, the system administrator sees every department's. */
export async function listStaff(
  ctx: ReadCtx,
  departmentId: string,
  query: { page: number; pageSize: number },
) {
  if (!hasPermission(ctx.actor, 'account.manage')) assertSameDepartment(ctx.actor, departmentId);
  const { page, pageSize } = query;
  const { rows, total } = await listRows(ctx.db, departmentId, page, pageSize);
  return { items: rows.map((u) => presentStaff(u, ctx.now)), total, page, pageSize };
}
