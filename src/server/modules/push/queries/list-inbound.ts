import type { ReadCtx } from '../../../context';
import { presentInbound } from '../present';
import { listInbound as listRows } from '../repository';

/** Verification results other departments' systems sent back, newest first. */
export async function listInbound(ctx: ReadCtx, query: { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const { rows, total } = await listRows(ctx.db, page, pageSize);
  return { items: rows.map((r) => presentInbound(r, false)), total, page, pageSize };
}
