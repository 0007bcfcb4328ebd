import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { assertCreditDepartment } from '../access';
import { presentRepair } from '../present';
import { listRepairs, type RepairRow } from '../repository';

/** Repair requests for the credit department, soonest due first. */
export async function listRepairRequests(ctx: ReadCtx, status?: RepairRow['status']) {
  await assertCreditDepartment(ctx);
  const today = chinaDate(ctx.now);
  return { items: (await listRepairs(ctx.db, status)).map((r) => presentRepair(r, today)) };
}
