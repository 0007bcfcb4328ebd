import type { PublicReadCtx } from '../../../http/route';
import { presentPlanSummary } from '../present';
import { listPlans } from '../repository';

/** Every plan, newest first, as the public site lists them. */
export async function listPublicPlans(ctx: PublicReadCtx, query: { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const { rows, total } = await listPlans(ctx.db, null, { page, pageSize });
  return { items: rows.map(presentPlanSummary), total, page, pageSize };
}
