import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Executor, migrationsFolder, queryRows } from './client';

type Journal = { entries: { idx: number; tag: string; when: number }[] };

/** Compares the migrations shipped with the code against those applied, for /health. */
export async function migrationStatus(
  db: Executor,
): Promise<{ expected: number; applied: number; current: boolean }> {
  const journal = JSON.parse(
    readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  const expected = journal.entries.length;
  const last = journal.entries.at(-1)?.when ?? 0;
  const [row] = await queryRows<{ n: number; last: string | number | null }>(
    db,
    sql`select count(*)::int as n, max(created_at) as last from drizzle.__drizzle_migrations`,
  );
  const applied = Number(row?.n ?? 0);
  return { expected, applied, current: applied === expected && Number(row?.last ?? 0) === last };
}
