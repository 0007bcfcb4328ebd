import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { pageRows } from '../../db/rows';
import { auditLog } from '../../db/schema';

export type AuditFilter = { targetType?: string; targetId?: string };

/** One page of the audit log, newest first. */
export async function listAuditRows(db: Executor, filter: AuditFilter, page: number, pageSize: number) {
  const conds: SQL[] = [];
  if (filter.targetType) conds.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) conds.push(eq(auditLog.targetId, filter.targetId));
  const where = conds.length ? and(...conds) : undefined;
  return pageRows(db, auditLog, where, [desc(auditLog.id)], { page, pageSize });
}
