import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { completeUscc } from '../../src/domain/codes';
import { queryRows } from '../../src/server/db/client';
import type { CreditPlatform } from '../../src/server/modules/credit/sources';
import { createTestApp } from '../helpers/app';

/**
 * A platform that, while it is being asked, counts this database's connections sitting in an open
 * transaction: one of ours would be waiting on it.
 */
const waitingInTransaction: number[] = [];
const watching: CreditPlatform = {
  id: 'watch',
  name: '观察用信用平台',
  query: async () => {
    const [row] = await queryRows<{ n: number }>(
      t.database.db, // asked only after `t` exists
      sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state like 'idle in transaction%'`,
    );
    waitingInTransaction.push(row!.n);
    return { records: [], grade: null };
  },
};
const t = await createTestApp({ creditSources: [watching] });

describe.skipIf(t.database.kind === 'pglite')('external credit platforms on PostgreSQL', () => {
  it('are asked before the transaction opens, so no connection waits on another system', async () => {
    const ent = await t.login('ent_demo');
    const started = await t.call(ent, {
      method: 'POST',
      url: '/api/applications',
      payload: { itemCode: 'WSQ-ZWFW-001' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const clerk = await t.login('clerk');
    const checked = await t.call(clerk, {
      method: 'POST',
      url: '/api/credit/checks',
      payload: {
        subject: {
          kind: 'enterprise',
          code: completeUscc('91150626', 'PLTFRM01'),
          name: '乌审旗平台测试有限公司',
        },
        itemVersionId: null,
      },
    });
    expect(checked.statusCode, checked.body).toBe(201);
    // The platform's answer is used and recorded with the check.
    expect(JSON.stringify(checked.json())).toContain('观察用信用平台');
    expect(waitingInTransaction).toEqual([0, 0]);
  });
});
