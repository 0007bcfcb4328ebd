import { and, count, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';
import { preparedQuery } from './prepared';

/**
 * The statements most repositories write for their own tables, written once: one row by a key, the rows
 * matching a condition (all, or a page), one row inserted, one row changed under compare-and-set on its version. Each is the same SQL the repositories
 * spelled out before; a repository still names every query it offers, so the SQL stays in repository files.
 */

type Row<T extends PgTable> = T['$inferSelect'];
type Keyed = PgTable & { id: AnyPgColumn };
type Versioned = Keyed & { version: AnyPgColumn };
type WithStatus = Keyed & { status: AnyPgColumn };

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

/** Several rows by their ids in one query, keyed by id: what a list presents without one query per row. */
export async function rowsById<T extends Keyed>(
  db: Executor,
  table: T,
  ids: Iterable<string>,
): Promise<Map<string, Row<T>>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select()
    .from(table as Keyed)
    .where(inArray(table.id, unique));
  return new Map(rows.map((r) => [r.id as string, r as Row<T>]));
}

/** `findById` as a query built once (prepared.ts), for the tables read on every decision. */
export function preparedFindById<T extends Keyed>(
  table: T,
): (db: Executor, id: string) => Promise<Row<T> | undefined> {
  const byId = preparedQuery<{ id: string }, Row<T>[]>((db) =>
    db
      .select()
      .from(table as Keyed)
      .where(eq(table.id, sql.placeholder('id'))),
  );
  return async (db, id) => (await byId(db, { id }))[0];
}

type Order = SQL | AnyPgColumn;

/** The rows of `table` that match `where` (all of them without it), in the order given. */
export async function listRows<T extends PgTable>(
  db: Executor,
  table: T,
  where: SQL | undefined,
  ...orderBy: Order[]
): Promise<Row<T>[]> {
  const rows = await db
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(...orderBy);
  return rows as Row<T>[];
}

/**
 * One page of those rows (`page` counts from 1) and how many match in all, counted exactly (capped-count.ts
 * for lists that may hold millions).
 */
export async function pageRows<T extends PgTable>(
  db: Executor,
  table: T,
  where: SQL | undefined,
  orderBy: Order[],
  { page, pageSize }: { page: number; pageSize: number },
): Promise<{ rows: Row<T>[]; total: number }> {
  const rows = await db
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(...orderBy)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows: rows as Row<T>[], total: await countRows(db, table, where) };
}

/** How many rows of `table` match `where`, exactly (capped-count.ts for lists that may hold millions). */
export async function countRows(db: Executor, table: PgTable, where?: SQL): Promise<number> {
  const [c] = await db.select({ n: count() }).from(table).where(where);
  return Number(c?.n ?? 0);
}

/**
 * A page read with `count(*) over ()` on each row. Past the last page no row is left to carry the total,
 * so it is read once more from the first row; the client then learns how many there are and can go back.
 */
export async function windowedPage<T extends { total: number }>(
  page: { page: number; pageSize: number },
  read: (limit: number, offset: number) => Promise<T[]>,
): Promise<{ rows: T[]; total: number }> {
  const rows = await read(page.pageSize, (page.page - 1) * page.pageSize);
  if (rows.length || page.page === 1) return { rows, total: rows[0]?.total ?? 0 };
  const [first] = await read(1, 0);
  return { rows, total: first?.total ?? 0 };
}

/** Inserts rows nothing reads back in the same breath (a history step, a session): no RETURNING. */
export async function insertRows<T extends PgTable>(
  db: Executor,
  table: T,
  values: T['$inferInsert'] | T['$inferInsert'][],
): Promise<void> {
  await db.insert(table).values(values as T['$inferInsert']);
}

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
 * Inserts one row unless it conflicts with one already there (a unique key, the primary key or a partial
 * index: the first writer wins). Returns the row as stored, or undefined when nothing was inserted.
 */
export async function insertUnlessConflict<T extends PgTable>(
  db: Executor,
  table: T,
  values: T['$inferInsert'],
): Promise<Row<T> | undefined> {
  const [row] = await db.insert(table).values(values).onConflictDoNothing().returning();
  return row as Row<T> | undefined;
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

/**
 * Compare-and-set on a column that is set once (closed, revoked, published at): the row changes only while
 * `unset` is still null; undefined means another change set it first, or the row does not exist.
 */
export async function updateWhileNull<T extends Keyed>(
  db: Executor,
  table: T,
  id: string,
  unset: AnyPgColumn,
  set: Partial<T['$inferInsert']>,
): Promise<Row<T> | undefined> {
  const rows = await db
    .update(table as Keyed)
    .set(set)
    .where(and(eq(table.id, id), isNull(unset)))
    .returning();
  return rows[0] as Row<T> | undefined;
}

/**
 * Compare-and-set on the row's status (ARCHITECTURE rule 5): the row changes only while it is still in
 * `from`; undefined means another change moved it first, or it does not exist.
 */
export async function updateIfStatus<T extends WithStatus>(
  db: Executor,
  table: T,
  id: string,
  from: T['status']['_']['data'],
  set: Partial<T['$inferInsert']>,
): Promise<Row<T> | undefined> {
  const rows = await db
    .update(table as WithStatus)
    .set(set)
    .where(and(eq(table.id, id), eq(table.status, from)))
    .returning();
  return rows[0] as Row<T> | undefined;
}
