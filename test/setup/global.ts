import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../src/server/db/client';
import { prepareDatabase, TEST_DATA_KEY, withDatabaseName } from '../helpers/database';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string | null;
    pgliteDump: string | null;
  }
}

/**
 * Builds one migrated, seeded database per run; each test file then starts from a copy of it
 * (a PGlite data-dir dump, or a PostgreSQL database created from a template).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `xyp_tmpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const database = openPostgres(withDatabaseName(url, template), 2);
    await prepareDatabase(database);
    await database.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteDump', null);
    return async () => {
      // Test files drop their own copies; leftovers from crashed runs are swept here too.
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'xyp_t_${process.pid}_%' or datname = $1`,
        [template],
      );
      for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'xyp-test-'));
  const database = await openPglite(null);
  await prepareDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('pgTemplate', null);
  project.provide('pgliteDump', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

export { TEST_DATA_KEY };
