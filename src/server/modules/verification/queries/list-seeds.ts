import type { PublicReadCtx } from '../../../http/route';
import { presentSeed } from '../present';
import { listSeeds as listRows } from '../repository';

/** The daily seeds: hash before the day, the seed after it, and the day's draws. */
export async function listSeeds(ctx: PublicReadCtx, query: { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const { rows, total } = await listRows(ctx.db, page, pageSize);
  return { items: rows.map(presentSeed), total, page, pageSize };
}
