import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

type Follow = (inserted: SQL) => SQL;

/**
 * Rows an action writes but never reads back, sent to the database as one statement when its transaction
 * commits instead of one statement each: on the decision path that is a dozen round trips fewer, each of
 * which costs the server and PostgreSQL more CPU than the row itself (docs/adr/0008).
 *
 * Rows of one table become one multi-row insert, in the order given (serial columns follow that order);
 * several tables become data-modifying CTEs of one statement, which PostgreSQL runs with one snapshot and
 * checks foreign keys at its end, so rows of the batch may refer to each other but not read each other.
 * A row an action reads again in the same transaction must not go through the batch.
 */
export class WriteBatch {
  private readonly groups: { table: PgTable; ignoreDuplicates: boolean; rows: Record<string, unknown>[] }[] =
    [];
  private readonly follows = new Map<PgTable, Follow[]>();

  /** `ignoreDuplicates`: rows that collide with a unique key are skipped (on conflict do nothing). */
  insert<T extends PgTable>(
    table: T,
    values: T['$inferInsert'] | T['$inferInsert'][],
    opts: { ignoreDuplicates?: boolean } = {},
  ): void {
    const ignoreDuplicates = opts.ignoreDuplicates ?? false;
    let group = this.groups.find((g) => g.table === table && g.ignoreDuplicates === ignoreDuplicates);
    if (!group) {
      group = { table, ignoreDuplicates, rows: [] };
      this.groups.push(group);
    }
    if (Array.isArray(values)) group.rows.push(...(values as Record<string, unknown>[]));
    else group.rows.push(values as Record<string, unknown>);
  }

  /**
   * A further write fed by the rows inserted into `table` (its CTE, with every column returned), once per
   * flush however often it is registered under the same key.
   */
  follow(table: PgTable, key: Follow): void {
    const list = this.follows.get(table) ?? [];
    if (!list.includes(key)) list.push(key);
    this.follows.set(table, list);
  }

  async flush(tx: Executor): Promise<void> {
    const parts: SQL[] = [];
    let n = 0;
    for (const { table, ignoreDuplicates, rows } of this.groups) {
      if (rows.length === 0) continue;
      const follows = this.follows.get(table) ?? [];
      const values = tx.insert(table).values(rows);
      const insert = ignoreDuplicates ? values.onConflictDoNothing() : values;
      const alias = sql.raw(`w${n++}`);
      parts.push(sql`${alias} as (${follows.length > 0 ? insert.returning().getSQL() : insert.getSQL()})`);
      for (const f of follows) parts.push(sql`${sql.raw(`w${n++}`)} as (${f(alias)})`);
    }
    this.groups.length = 0;
    this.follows.clear();
    if (parts.length === 0) return;
    await tx.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
  }
}
