import type { Executor } from './client';

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
    const bound = Object.create(template, { client: { value: session.client } }) as PreparedQuery<R>;
    return bound.execute(values);
  };
}
