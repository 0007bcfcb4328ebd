import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openPostgres, queryRows } from '../../src/server/db/client';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('statements on PostgreSQL', () => {
  it('are prepared once per connection by their text; statements without parameters are not', async () => {
    const database = openPostgres(url!, 1); // one connection: every statement below shares it
    try {
      for (let i = 0; i < 3; i++) await queryRows(database.db, sql`select ${i}::int + 1 as n`);
      await queryRows(database.db, sql`select 2 as n`);
      const named = await queryRows<{ name: string; statement: string }>(
        database.db,
        sql`select name, statement from pg_prepared_statements where name like ${'xyp_%'} and statement like ${'%+ 1 as n%'}`,
      );
      // The same text three times: one prepared statement.
      expect(named).toHaveLength(1);
      const plain = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_prepared_statements where statement like ${'select 2 as n%'}`,
      );
      expect(plain[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
  });
});
