import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkPreparedQueries, preparedQuery } from '../../src/server/db/prepared';
import { department } from '../../src/server/db/schema';
import { useTestDatabase } from '../helpers/database';

const t = useTestDatabase();

type DepartmentRow = typeof department.$inferSelect;
const byCode = preparedQuery<{ code: string }, DepartmentRow[]>((db) =>
  db
    .select()
    .from(department)
    .where(eq(department.code, sql.placeholder('code'))),
);
const byIdsSince = preparedQuery<{ ids: string[]; since: Date }, DepartmentRow[]>((db) =>
  db
    .select()
    .from(department)
    .where(
      and(
        sql`${department.id} = any(${sql.placeholder('ids')}::uuid[])`,
        gt(department.createdAt, sql.placeholder('since')),
      ),
    ),
);

const newDepartment = (createdAt: Date) => ({
  id: randomUUID(),
  code: `T${randomUUID().slice(0, 8)}`,
  name: '测试局',
  kind: 'approving' as const,
  regionCode: '150626',
  uscc: null,
  createdAt,
});

describe('prepared queries', () => {
  it('run on the transaction the action holds: its own uncommitted rows are seen, and gone after rollback', async () => {
    const row = newDepartment(new Date('2026-11-23T02:00:00.123Z'));
    const seen: DepartmentRow[][] = [];
    const outside: DepartmentRow[][] = [];
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.insert(department).values(row);
        seen.push(await byCode(tx, { code: row.code }));
        // Another connection does not see an uncommitted row (PGlite has only the one connection).
        if (t.database.kind === 'postgres') outside.push(await byCode(t.database.db, { code: row.code }));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(seen).toEqual([[row]]);
    if (t.database.kind === 'postgres') expect(outside).toEqual([[]]);
    expect(await byCode(t.database.db, { code: row.code })).toEqual([]);
  });

  it('return what the query builder returns, with dates and arrays mapped by their columns', async () => {
    const early = newDepartment(new Date('2026-01-01T00:00:00.000Z'));
    const late = newDepartment(new Date('2026-11-23T02:00:00.456Z'));
    await t.database.db.insert(department).values([early, late]);
    const ids = [early.id, late.id];
    const since = new Date('2026-06-01T00:00:00Z');
    const built = await t.database.db
      .select()
      .from(department)
      .where(and(inArray(department.id, ids), gt(department.createdAt, since)));
    const prepared = await byIdsSince(t.database.db, { ids, since });
    expect(prepared).toEqual(built);
    expect(prepared).toEqual([late]);
    // The same query again, with other values: the values are not those of the first execution.
    expect(await byIdsSince(t.database.db, { ids, since: new Date('2025-01-01T00:00:00Z') })).toHaveLength(2);
    expect(await byCode(t.database.db, { code: early.code })).toEqual([early]);
  });
});

describe('the start-up self-check of prepared queries', () => {
  it('passes on the installed drizzle, and refuses a database whose session lacks the field it relies on', async () => {
    await expect(checkPreparedQueries(t.database.db)).resolves.toBeUndefined();
    const renamed = Object.create(t.database.db, { session: { value: { connection: {} } } });
    await expect(checkPreparedQueries(renamed)).rejects.toThrow('preparedQuery 自检失败');
  });
});
