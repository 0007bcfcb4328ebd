import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sealAuditLog } from '../../src/server/audit/audit-log';
import { lockForSealing, unsealedRows } from '../../src/server/audit/repository';
import { openPostgres, queryRows } from '../../src/server/db/client';
import { DataCrypto } from '../../src/server/security/crypto';
import { TEST_DATA_KEY, useTestDatabase } from '../helpers/database';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const t = useTestDatabase({ skip: !onPostgres });

// The planner's choice depends on PostgreSQL's statistics of a large table; PGlite is not where it matters.
describe.skipIf(!onPostgres)('the audit sealer on a large, freshly sealed table', () => {
  it('turns bitmap scans off in its own transaction only: it walks an index, which marks the dead entries it passes', async () => {
    // 60,000 rows written and sealed since the last vacuum (each seal is an update), then 1,500 unsealed.
    // Written by SQL, so without MACs: the sealer flags them and chains a finding for each, which is
    // as much work as chaining them.
    await t.database.db.execute(sql`
      insert into audit_log (at, actor_kind, action, target_type, after)
      select now(), 'system', 'test.bulk', 'test', jsonb_build_object('text', repeat('承诺', 100))
        from generate_series(1, 60000)`);
    await t.database.db.execute(
      sql`update audit_log set seq = id + 10000000, hash = 'x' where seq is null and action = 'test.bulk'`,
    );
    await t.database.db.execute(sql`
      insert into audit_log (at, actor_kind, action, target_type, after)
      select now(), 'system', 'test.new', 'test', jsonb_build_object('text', repeat('承诺', 100))
        from generate_series(1, 1500)`);
    await t.database.db.execute(sql`analyze audit_log`);

    // One connection, so what the sealer's transaction sets is seen by the next statement if it leaks.
    const one = openPostgres(t.database.pool!.options.connectionString!, 1);
    try {
      const { plan, setting } = await one.db.transaction(async (tx) => {
        await lockForSealing(tx);
        const explained = await queryRows<{ 'QUERY PLAN': string }>(
          tx,
          sql`explain ${unsealedRows(tx, 1000)}`,
        );
        const [s] = await queryRows<{ v: string }>(tx, sql`select current_setting('enable_bitmapscan') as v`);
        return { plan: explained.map((r) => r['QUERY PLAN']).join('\n'), setting: s!.v };
      });
      expect(setting).toBe('off');
      // A plain index scan (of either index that covers `seq is null`) marks the dead entries it passes.
      expect(plan).toMatch(/Index Scan using audit_log_(unsealed_idx|seq_unique)/);
      expect(plan).not.toContain('Bitmap');
      // Only for that transaction: the connection goes back to the pool as it was.
      const [after] = await queryRows<{ v: string }>(
        one.db,
        sql`select current_setting('enable_bitmapscan') as v`,
      );
      expect(after!.v).toBe('on');
      expect(await sealAuditLog(one.db, new DataCrypto(TEST_DATA_KEY))).toBeGreaterThanOrEqual(1500);
    } finally {
      await one.close();
    }
  });
});
