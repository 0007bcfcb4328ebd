import { sql } from 'drizzle-orm';
import type { Db, Executor } from './client';

type PreparedQuery<R> = { execute(values?: Record<string, unknown>): Promise<R> };
type Session = { client: unknown };

/**
 * A query built once and run on whichever executor an action holds: the database, or the transaction it
 * has open. Building a drizzle query and turning it into SQL costs about 0.1 ms of CPU per statement (as
 * much as the round trip itself), on every execution; the reads on the decision path are built once here
 * instead. Values are passed as `sql.placeholder(name)` and mapped by their columns as usual.
 *
 * drizzle binds a prepared query to the connection it was prepared on; a transaction has its own. So the
 * query prepared first serves as a template per driver, and each execution runs a copy of it bound to the
 * executor's own connection (`session.client`, the field drizzle's own queries use).
 * `test/api/prepared-queries.test.ts` checks that a copy run inside a transaction sees that transaction's
 * uncommitted rows, on both databases.
 */
export function preparedQuery<V extends Record<string, unknown>, R>(
  build: (db: Executor) => { prepare(name: string): PreparedQuery<R> },
): (db: Executor, values: V) => Promise<R> {
  const templates = new Map<unknown, PreparedQuery<R>>();
  return (db, values) => {
    const session = (db as unknown as { session: Session }).session;
    let template = templates.get(session.constructor);
    if (!template) {
      // Unnamed: on PostgreSQL the pool names statements by their text (client.ts), once per connection.
      template = build(db).prepare(undefined as never);
      templates.set(session.constructor, template);
    }
    // The template's own `client` is the field replaced; checked at start-up (checkPreparedQueries).
    const bound = Object.create(template, { client: { value: session.client } }) as PreparedQuery<R>;
    return bound.execute(values);
  };
}

const settingProbe = preparedQuery<Record<string, never>, { value: string | null }[]>((db) =>
  db
    .select({ value: sql<string | null>`current_setting('xyp.prepared_check', true)` })
    .from(sql`(select 1) as probe`),
);

/**
 * Start-up self-check of what `preparedQuery` relies on: drizzle's private `session.client` and a prepared
 * query's own `client` field (drizzle-orm is pinned to one exact version in package.json for this). A copy
 * run inside a transaction must see a setting made only in that transaction, i.e. run on its connection;
 * anything else (a field renamed by an upgrade) refuses to start instead of reading outside the transaction.
 */
export async function checkPreparedQueries(db: Db): Promise<void> {
  const session = (db as unknown as { session?: Partial<Session> }).session;
  if (!session || !('client' in session)) throw new Error(PREPARED_CHECK_FAILED);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('xyp.prepared_check', 'in-transaction', true)`);
    const [row] = await settingProbe(tx, {});
    if (row?.value !== 'in-transaction') throw new Error(PREPARED_CHECK_FAILED);
  });
}

const PREPARED_CHECK_FAILED =
  'preparedQuery 自检失败：所装 drizzle-orm 的内部字段与本程序不符（package.json 固定了经过检查的版本），请勿升级或先修改 src/server/db/prepared.ts';
