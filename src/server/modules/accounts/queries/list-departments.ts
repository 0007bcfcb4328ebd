import type { ReadCtx } from '../../../context';
import { presentDepartment } from '../present';
import { listDepartments as listRows } from '../repository';

export async function listDepartments(ctx: ReadCtx) {
  return { items: (await listRows(ctx.db)).map(presentDepartment) };
}
