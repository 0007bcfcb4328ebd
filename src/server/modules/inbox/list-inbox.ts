import type { ReadCtx } from '../../context';
import { inboxOwner } from './own-user';
import { listInbox as listRows } from './repository';

/** The caller's own notices, newest first, with the count of unread ones. */
export async function listInbox(ctx: ReadCtx, query: { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const { rows, total, unread } = await listRows(ctx.db, inboxOwner(ctx.actor), page, pageSize);
  return {
    items: rows.map((r) => ({
      ...r,
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
    total,
    unread,
    page,
    pageSize,
  };
}
