import { count, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { COUNT_CAP, cappedTotal } from '../../contracts/common';
import type { Executor } from './client';

/**
 * Counts the rows of `table` matching `where`, stopping at COUNT_CAP + 1: at most that many index entries
 * are read however large the table grows (an exact count of a million cases read all million).
 */
export async function cappedCount(db: Executor, table: PgTable, where: SQL | undefined) {
  const first = db
    .select({ one: sql`1`.as('one') })
    .from(table)
    .where(where)
    .limit(COUNT_CAP + 1)
    .as('first');
  const [c] = await db.select({ n: count() }).from(first);
  return cappedTotal(Number(c?.n ?? 0));
}

export type CappedTotal = Awaited<ReturnType<typeof cappedCount>>;
