import { and, asc, count, desc, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client';
import { auditLog } from '../db/schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type AuditInsert = typeof auditLog.$inferInsert;
/** A row's place in the chain, as the sealer computes it. */
export type Seal = { id: number; seq: number; prevHash: string; hash: string };

// Serialises sealers, so each sealed row links to the one before.
const AUDIT_LOCK_KEY = 7_262_001;

/** Rows inserted and returned as stored (the sealer's findings, chained in the same transaction). */
export const insertAuditRowsReturning = (tx: Executor, values: AuditInsert[]): Promise<AuditRow[]> =>
  tx.insert(auditLog).values(values).returning();

/**
 * One sealer at a time (advisory lock), reading unsealed rows through an index. Every row is updated once
 * when sealed, so both indexes that cover `seq is null` keep an entry for each row sealed since the last
 * vacuum. A plain index scan marks those entries dead as it passes them and skips them from then on. A
 * bitmap scan, which the planner prefers once the table is large, never does: it read every row sealed
 * since the last vacuum again, every second (30 ms at 90,000 rows, growing with the table). So bitmap
 * scans are off in the sealer's own transaction.
 */
export async function lockForSealing(tx: Executor): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}), set_config('enable_bitmapscan', 'off', true)`,
  );
}

/** Committed rows not yet chained nor flagged, in insertion order (a query: awaited, or explained). */
export const unsealedRows = (tx: Executor, limit: number) =>
  tx
    .select()
    .from(auditLog)
    .where(and(isNull(auditLog.seq), isNull(auditLog.flaggedAt)))
    .orderBy(asc(auditLog.id))
    .limit(limit);

export async function flagRows(tx: Executor, ids: number[], at: Date): Promise<void> {
  await tx.update(auditLog).set({ flaggedAt: at }).where(inArray(auditLog.id, ids));
}

/** Writes each row's place in the chain, all in one statement. */
export async function sealRows(tx: Executor, seals: Seal[]): Promise<void> {
  const values = seals.map((s) => sql`(${s.id}::bigint, ${s.seq}::bigint, ${s.prevHash}, ${s.hash})`);
  await tx.execute(
    sql`update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
        from (values ${sql.join(values, sql`, `)}) as v(id, seq, prev_hash, hash)
        where a.id = v.id`,
  );
}

/** The last sealed row of the audit chain (its sequence number and hash); none before the first seal. */
export async function chainHead(db: Executor) {
  const [head] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(isNotNull(auditLog.seq))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return head;
}

/** Sealed rows from `seq` on, in chain order. */
export const chainRowsFrom = (db: Db, seq: number, limit: number): Promise<AuditRow[]> =>
  db
    .select()
    .from(auditLog)
    .where(gt(auditLog.seq, seq - 1))
    .orderBy(asc(auditLog.seq))
    .limit(limit);

export async function countFlaggedRows(db: Db): Promise<number> {
  const [flagged] = await db.select({ n: count() }).from(auditLog).where(isNotNull(auditLog.flaggedAt));
  return Number(flagged?.n ?? 0);
}
