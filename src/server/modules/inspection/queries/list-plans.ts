import type { ReadCtx } from '../../../context';
import { presentPlanSummary } from '../present';
import { listPlans as listRows } from '../repository';

/** The caller's department's plans, newest first; a caller of no department sees every plan. */
export async function listPlans(ctx: ReadCtx, query: { page: number; pageSize: number }) {
  const dept = ctx.actor.kind === 'staff' || ctx.actor.kind === 'token' ? ctx.actor.departmentId : null;
  const { page, pageSize } = query;
  const { rows, total } = await listRows(ctx.db, dept, { page, pageSize });
  return { items: rows.map(presentPlanSummary), total, page, pageSize };
}
