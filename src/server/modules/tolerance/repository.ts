import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditLog, toleranceReview, userAccount, verificationTask } from '../../db/schema';

export type ReviewRow = typeof toleranceReview.$inferSelect;

/** Every 容错免责 case: a verification that ended in revoking the decision. */
export async function revokedTasks(db: Executor) {
  return db
    .select()
    .from(verificationTask)
    .where(eq(verificationTask.status, 'revoked'))
    .orderBy(desc(verificationTask.closedAt))
    .limit(500);
}

/** The audit rows about the case's application, credit check and verification task, in the order written. */
export async function auditRowsOf(db: Executor, targets: { type: string; id: string }[]) {
  const ids = targets.map((t) => t.id);
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: auditLog.actorName,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      after: auditLog.after,
    })
    .from(auditLog)
    .where(inArray(auditLog.targetId, ids))
    .orderBy(asc(auditLog.id));
  // A target id is unique only with its type.
  return rows.filter((r) => targets.some((t) => t.type === r.targetType && t.id === r.targetId));
}

/** Who published an item version, from the audit trail: the person answerable for a decision no one took by hand. */
export async function publisherOf(db: Executor, versionId: string) {
  const [row] = await db
    .select({ actorId: auditLog.actorId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'catalog.version_publish'),
        eq(auditLog.targetType, 'catalog_version'),
        eq(auditLog.targetId, versionId),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row?.actorId ?? null;
}

export async function staffName(db: Executor, id: string) {
  const [row] = await db
    .select({ id: userAccount.id, name: userAccount.displayName, kind: userAccount.kind })
    .from(userAccount)
    .where(eq(userAccount.id, id));
  return row?.kind === 'staff' ? row : undefined;
}

export async function findReview(db: Executor, taskId: string): Promise<ReviewRow | undefined> {
  const [row] = await db.select().from(toleranceReview).where(eq(toleranceReview.taskId, taskId));
  return row;
}

/** One review per case: a second is refused by the unique key (returns undefined). */
export async function insertReview(db: Executor, row: ReviewRow): Promise<ReviewRow | undefined> {
  const [inserted] = await db.insert(toleranceReview).values(row).onConflictDoNothing().returning();
  return inserted;
}
