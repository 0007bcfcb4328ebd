import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { migrateDatabase, seedCalendar, seedDemo } from '../../src/server/bootstrap';
import { type Database, openPostgres, wrapPglite } from '../../src/server/db/client';
import { JobQueue } from '../../src/server/jobs/queue';
import { DataCrypto } from '../../src/server/security/crypto';

export const TEST_DATA_KEY = '0123456789abcdef0123456789abcdef';
export const TEST_SEED_TIME = new Date('2026-01-05T00:00:00Z');

export const withDatabaseName = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/** Migrations, the official calendar and the demo county: the state every test file starts from. */
export async function prepareDatabase(database: Database): Promise<void> {
  await migrateDatabase(database);
  await seedCalendar(database.db, TEST_SEED_TIME);
  await seedDemo(database, new DataCrypto(TEST_DATA_KEY), TEST_SEED_TIME);
  // The job queue's schema, so each test file's app starts its queue without creating it.
  const jobs = new JobQueue(database);
  await jobs.start([], { work: false, onError: () => undefined });
  await jobs.stop();
}

export type TestDatabase = { database: Database; drop(): Promise<void> };

/** A private copy of the prepared database for one test file. */
export async function openTestDatabase(opts: {
  pgTemplate: string | null;
  pgliteDump: string | null;
}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (url && opts.pgTemplate) {
    const name = `xyp_t_${process.ppid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${opts.pgTemplate}`);
    await admin.end();
    const database = openPostgres(withDatabaseName(url, name), 10);
    return {
      database,
      drop: async () => {
        await database.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  if (!opts.pgliteDump) throw new Error('test database template missing');
  const lite = await PGlite.create({ loadDataDir: new Blob([readFileSync(opts.pgliteDump)]) });
  const database = wrapPglite(lite);
  return { database, drop: () => database.close() };
}

/**
 * This test file's own database, opened before its tests and dropped after them; `skip` leaves it closed
 * (a file whose tests run on PostgreSQL only).
 */
export function useTestDatabase(opts: { skip?: boolean } = {}): { readonly database: Database } {
  let opened: TestDatabase | null = null;
  beforeAll(async () => {
    if (opts.skip) return;
    opened = await openTestDatabase({ pgTemplate: inject('pgTemplate'), pgliteDump: inject('pgliteDump') });
  });
  afterAll(() => opened?.drop());
  return {
    get database() {
      if (!opened) throw new Error('test database not open');
      return opened.database;
    },
  };
}

/**
 * Whether this run's database is PostgreSQL. PGlite has one connection, so requests sent at once run one
 * after the other there: a race test would pass by serialisation. Such tests live in `*.pg.test.ts`
 * files, skipped on PGlite and run by `npm run test:pg`.
 */
export const onPostgres = !!process.env.TEST_DATABASE_URL;
