import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { assertCreditDepartment } from '../access';
import { presentObjection } from '../present';
import { listObjections as listRows, type ObjectionRow } from '../repository';

/** Objections for the credit department, soonest due first. */
export async function listObjections(ctx: ReadCtx, status?: ObjectionRow['status']) {
  await assertCreditDepartment(ctx);
  const today = chinaDate(ctx.now);
  return { items: (await listRows(ctx.db, status)).map((o) => presentObjection(o, today)) };
}
