import type { Static } from 'typebox';
import type { TaskQuery } from '../../../../contracts/verification';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { presentTask } from '../present-task';
import { listTasks as listRows } from '../repository';
import { staffScope } from '../task-access';

/** Supervisors: their department's tasks; inspectors: theirs; approvers: those of their department's decisions. */
export async function listTasks(ctx: ReadCtx, query: Static<typeof TaskQuery>) {
  const { page, pageSize, status, overdue } = query;
  const today = chinaDate(ctx.now);
  const { rows, total } = await listRows(
    ctx.db,
    staffScope(ctx.actor),
    { status, overdueBefore: overdue ? today : undefined },
    page,
    pageSize,
  );
  return { items: rows.map((r) => presentTask(r.task, r.itemName, today)), total, page, pageSize };
}
