import type { PublicReadCtx } from '../../../http/route';
import { presentSummaries } from '../present';
import { searchPublished as searchRows } from '../repository';

type Query = { page: number; pageSize: number } & Parameters<typeof searchRows>[1];

/** The public search over published items (keyword, department, approval mode). */
export async function searchPublished(ctx: PublicReadCtx, query: Query) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await searchRows(ctx.db, filter, page, pageSize);
  return { items: await presentSummaries(ctx.db, rows), total, page, pageSize };
}
