import type { ReadCtx } from '../../../context';
import { presentSubscription } from '../present';
import { countSubscriptions, listSubscriptions as listRows } from '../repository';

/** Every subscription with its pending and dead deliveries (the route's permission: system administrators). */
export async function listSubscriptions(ctx: ReadCtx, query: { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const rows = await listRows(ctx.db, undefined, page, pageSize);
  return { items: rows.map(presentSubscription), total: await countSubscriptions(ctx.db), page, pageSize };
}
