import type { ReadCtx } from '../../../context';
import { type AuditFilter, listAuditRows } from '../repository';

/** The audit log for auditors (the route's permission says who), filtered by target. */
export async function listAudit(ctx: ReadCtx, query: AuditFilter & { page: number; pageSize: number }) {
  const { page, pageSize } = query;
  const { rows, total } = await listAuditRows(ctx.db, query, page, pageSize);
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total, page, pageSize };
}
