import type { ReadCtx } from '../../../context';
import { presentSummaries } from '../present';
import { listLatestVersions } from '../repository';

type Query = { page: number; pageSize: number } & Parameters<typeof listLatestVersions>[1];

/** Every item by its latest version, drafts and those under review included (staff only). */
export async function listItems(ctx: ReadCtx, query: Query) {
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await listLatestVersions(ctx.db, filter, page, pageSize);
  return { items: await presentSummaries(ctx.db, rows), total, page, pageSize };
}
