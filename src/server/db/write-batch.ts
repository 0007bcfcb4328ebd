import { getTableColumns, getTableName, SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

/** A further statement fed by the rows a CTE inserted: plain SQL text, given that CTE's name. */
type Follow = (inserted: string) => string;

const columnsOf = new WeakMap<PgTable, [string, PgColumn][]>();

/**
 * The multi-row insert drizzle's builder would write, assembled directly as text with `$n` parameters:
 * values mapped by each column's own driver mapping. The builder, and even drizzle's `sql` template, spend
 * most of a batch's CPU resolving every column and parameter through their entity checks.
 */
function insertSql(
  table: PgTable,
  rows: Record<string, unknown>[],
  ignoreDuplicates: boolean,
  returning: boolean,
  params: unknown[],
): string {
  let columns = columnsOf.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
    columnsOf.set(table, columns);
  }
  const used = columns.filter(([key]) => rows.some((r) => r[key] !== undefined));
  const names = used.map(([, c]) => `"${c.name}"`).join(', ');
  let text = `insert into "${getTableName(table)}" (${names}) values `;
  rows.forEach((row, i) => {
    text += i === 0 ? '(' : '), (';
    used.forEach(([key, column], j) => {
      if (j > 0) text += ', ';
      const value = row[key];
      if (value === undefined) {
        text += 'default';
        return;
      }
      params.push(value === null ? null : column.mapToDriverValue(value));
      text += `$${params.length}`;
    });
  });
  return `${text})${ignoreDuplicates ? ' on conflict do nothing' : ''}${returning ? ' returning *' : ''}`;
}

/** A statement whose text and parameters are already written; drizzle runs it as it is on either driver. */
class WrittenSql extends SQL {
  constructor(private readonly query: { sql: string; params: unknown[] }) {
    super([]);
  }
  override toQuery() {
    return this.query;
  }
}

/**
 * A row handed to the write batch: the values as they will be written when the transaction commits, not a
 * row read back. Until then it is not in the database (a read in the same transaction does not find it),
 * so it is kept apart from the row types a query returns; `.pending` gives the values to present or audit.
 */
export type Pending<Row> = { readonly pending: Readonly<Row> };

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

  /**
   * One row, written at commit: what comes back is marked pending, never a row of the table.
   * `ignoreDuplicates`: rows that collide with a unique key are skipped (on conflict do nothing).
   */
  insert<T extends PgTable, V extends T['$inferInsert']>(
    table: T,
    values: V,
    opts?: { ignoreDuplicates?: boolean },
  ): Pending<V>;
  /** Several rows of one table, written at commit. */
  insert<T extends PgTable>(
    table: T,
    values: T['$inferInsert'][],
    opts?: { ignoreDuplicates?: boolean },
  ): void;
  insert<T extends PgTable>(
    table: T,
    values: T['$inferInsert'] | T['$inferInsert'][],
    opts: { ignoreDuplicates?: boolean } = {},
  ): Pending<T['$inferInsert']> | undefined {
    const ignoreDuplicates = opts.ignoreDuplicates ?? false;
    let group = this.groups.find((g) => g.table === table && g.ignoreDuplicates === ignoreDuplicates);
    if (!group) {
      group = { table, ignoreDuplicates, rows: [] };
      this.groups.push(group);
    }
    if (Array.isArray(values)) {
      group.rows.push(...(values as Record<string, unknown>[]));
      return undefined;
    }
    group.rows.push(values as Record<string, unknown>);
    return { pending: values };
  }

  /**
   * Changes values of a row still waiting in this batch, so that it is written with them: for a value that
   * is only known at commit (the 承诺编码 of a commitment signed in the same action), instead of an update
   * after the row is written. False if the row is not waiting here (written already, or never batched).
   */
  amend<V>(row: Pending<V>, values: Partial<V>): boolean {
    const target = row.pending as Record<string, unknown>;
    if (!this.groups.some((g) => g.rows.includes(target))) return false;
    Object.assign(target, values);
    return true;
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
    const parts: string[] = [];
    const params: unknown[] = [];
    let n = 0;
    for (const { table, ignoreDuplicates, rows } of this.groups) {
      if (rows.length === 0) continue;
      const follows = this.follows.get(table) ?? [];
      const alias = `w${n++}`;
      parts.push(`${alias} as (${insertSql(table, rows, ignoreDuplicates, follows.length > 0, params)})`);
      for (const f of follows) parts.push(`w${n++} as (${f(alias)})`);
    }
    this.groups.length = 0;
    this.follows.clear();
    if (parts.length === 0) return;
    await tx.execute(new WrittenSql({ sql: `with ${parts.join(', ')} select 1`, params }));
  }
}
