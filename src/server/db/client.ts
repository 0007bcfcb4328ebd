import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

/**
 * What repositories receive: the database or a transaction on it, on either driver. Built without the
 * schema: nothing uses drizzle's relational queries (`db.query`), and with a schema every transaction
 * constructs a relational query builder for each of the tables (about 1 % of the server's CPU profile).
 */
export type Executor = PgDatabase<PgQueryResultHKT> | PgTransaction<PgQueryResultHKT>;
export type Db = PgDatabase<PgQueryResultHKT>;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Present on PostgreSQL, for tools (COPY, pg-boss) that need a raw pool. */
  pool: pg.Pool | null;
  /**
   * PostgreSQL only: two connections of their own for statements that must commit at once, outside the
   * caller's transaction (a number allocated under a hot row lock). Separate from the pool, so a caller
   * holding a pooled connection never waits for another pooled one. PGlite has one connection and no
   * concurrent transactions: there the caller's transaction is used.
   */
  autocommit: Db | null;
  pglite: PGlite | null;
};

export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

// int8 (count, sum) arrives as a string from node-postgres; our counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

/** Distinct statements prepared per connection; beyond this, statements go unnamed as before. */
const PREPARED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();

/**
 * Sends each parametrised statement as a named prepared statement (named by a digest of its text), so
 * PostgreSQL parses and plans it once per connection instead of at every execution: about half of its
 * CPU per statement on the decision path. Statements without parameters (begin, commit) are unchanged.
 * Not for a pooler in transaction mode (PgBouncer), where a connection's prepared statements vanish.
 */
function prepareStatements(client: pg.PoolClient): void {
  const prepared = new Set<string>();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config === 'object' && config !== null && !(config as pg.QueryConfig).name) {
      const { text } = config as pg.QueryConfig;
      const params = (values ?? (config as pg.QueryConfig).values) as unknown[] | undefined;
      if (typeof text === 'string' && params && params.length > 0) {
        let name = statementNames.get(text);
        if (!name) {
          name = `xyp_${createHash('sha1').update(text).digest('hex')}`;
          if (statementNames.size < 10_000) statementNames.set(text, name);
        }
        if (prepared.has(name) || prepared.size < PREPARED_PER_CONNECTION) {
          prepared.add(name);
          return query({ ...(config as pg.QueryConfig), name }, values, callback);
        }
      }
    }
    return query(config, values, callback);
  };
}

/**
 * Idle connections are kept, not closed after pg-pool's default 10 s. The pool hands out its most recently
 * used connection first, so under uneven load the ones at the back idle out and the next burst of requests
 * opens several new backends at once, each a fork and authentication (3-9 ms here) whose first statements
 * run two to three times slower on cold catalog caches and must be prepared again. A connection the server
 * drops is still discarded (below).
 */
const KEEP_IDLE = { idleTimeoutMillis: 0 };

export function openPostgres(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max, ...KEEP_IDLE });
  pool.on('connect', prepareStatements);
  // An idle connection closed by the server (restart, failover, a dropped database) is discarded by the
  // pool and replaced at the next checkout; without a listener the pool's 'error' event ends the process.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  // Connects lazily: costs nothing where it is never used.
  const side = new pg.Pool({ connectionString: url, max: 2, ...KEEP_IDLE });
  side.on('error', () => undefined);
  side.on('connect', prepareStatements);
  return {
    kind: 'postgres',
    db,
    pool,
    autocommit: drizzlePg(side) as unknown as Db,
    pglite: null,
    migrate: () => migratePg(db as never, { migrationsFolder }),
    close: async () => {
      await Promise.all([pool.end(), side.end()]);
    },
  };
}

export function wrapPglite(lite: PGlite): Database {
  const db = drizzlePglite(lite) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pool: null,
    autocommit: null,
    pglite: lite,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    close: () => lite.close(),
  };
}

export async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return wrapPglite(lite);
}

/** Rows of a raw `execute`: both drivers return `{ rows }`, which the shared type does not promise. */
export async function queryRows<T>(db: Executor, query: import('drizzle-orm').SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
