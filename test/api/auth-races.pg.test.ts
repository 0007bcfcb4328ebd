import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { onPostgres } from '../helpers/database';

// Requests sent at once really overlap only on PostgreSQL (PGlite runs them one after the other).
const t: TestApp = onPostgres ? await createTestApp() : (null as never);

describe.skipIf(!onPostgres)('login attempts at once (PostgreSQL)', () => {
  it('twelve wrong passwords sent at once all count and lock the account', async () => {
    const attempt = (username: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const answers = await Promise.all(Array.from({ length: 12 }, () => attempt('auditor', 'wrong1234')));
    const statuses = answers.map((a) => a.statusCode);
    // Five count up to the lock (the fifth locks); the rest meet the lock.
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 423)).toHaveLength(8);
    const right = await attempt('auditor', 'xinyipi2026');
    expect(right.statusCode).toBe(423);
    expect(right.json().code).toBe('ACCOUNT_LOCKED');
    const audit = await t.database.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'account.locked'
          and target_id = (select id::text from user_account where username = 'auditor')`,
    );
    expect(Number((audit as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(1);
  });
});
