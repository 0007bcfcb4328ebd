import { and, eq, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

/**
 * The statements most repositories write for their own tables, written once: one row by a key, one row
 * inserted, one row changed under compare-and-set on its version. Each is the same SQL the repositories
 * spelled out before; a repository still names every query it offers, so the SQL stays in repository files.
 */

type Row<T extends PgTable> = T['$inferSelect'];
type Keyed = PgTable & { id: AnyPgColumn };
type Versioned = Keyed & { version: AnyPgColumn };

/** The row whose `column` (of `table`: its key or a unique column) equals `value`, if there is one. */
export async function findBy<T extends PgTable>(
  db: Executor,
  table: T,
  column: AnyPgColumn,
  value: unknown,
): Promise<Row<T> | undefined> {
  const [row] = await db
    .select()
    .from(table as PgTable)
    .where(eq(column, value));
  return row as Row<T> | undefined;
}

/** The row with this id, if there is one. */
export const findById = <T extends Keyed>(db: Executor, table: T, id: string) =>
  findBy(db, table, table.id, id);

/** Inserts one row and returns it as stored, with the defaults the database filled in. */
export async function insertRow<T extends PgTable>(
  db: Executor,
  table: T,
  values: T['$inferInsert'],
): Promise<Row<T>> {
  const [row] = await db.insert(table).values(values).returning();
  return row as Row<T>;
}

/**
 * Compare-and-set on the row's version (and on `also`, where a state must still hold): of two changes made
 * from the same reading, one lands and the other finds no row (undefined), which the caller reports as a
 * conflict. The version moves on with every change.
 */
export async function updateVersioned<T extends Versioned>(
  db: Executor,
  table: T,
  before: { id: string; version: number },
  set: Partial<T['$inferInsert']>,
  also?: SQL,
): Promise<Row<T> | undefined> {
  const rows = await db
    .update(table as Versioned)
    .set({ ...set, version: before.version + 1 })
    .where(and(eq(table.id, before.id), eq(table.version, before.version), also))
    .returning();
  return rows[0] as Row<T> | undefined;
}
