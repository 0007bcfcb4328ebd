import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

const columnsOf = new WeakMap<PgTable, [string, PgColumn][]>();

/**
 * Rows of `table` as `json_agg(t)` returns them (keyed by column name, dates and times as text), mapped
 * the way drizzle maps the rows of its own selects, so a row read this way equals one read directly.
 */
export function rowsFromJson<T extends PgTable>(
  table: T,
  rows: Record<string, unknown>[],
): T['$inferSelect'][] {
  let columns = columnsOf.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table)) as [string, PgColumn][];
    columnsOf.set(table, columns);
  }
  const cols = columns;
  return rows.map((json) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of cols) {
      const value = json[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  });
}
