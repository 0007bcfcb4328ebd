import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/server/db/client';
import { JobQueue } from '../../src/server/jobs/queue';
import { createTestApp } from '../helpers/app';

const t = await createTestApp({ workers: true });
const db = t.database.db;

const sessionRows = async () =>
  (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from session`))[0]!.n;
const jobRows = async (name: string, marker: string) =>
  (
    await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pgboss.job where name = ${name} and data->>'tokenHash' = ${marker}`,
    )
  )[0]!.n;

describe('durable jobs in the database queue', () => {
  it('a login schedules its session’s removal, which runs only once the clock passes expiry', async () => {
    const before = await sessionRows();
    await t.login('clerk');
    expect(await sessionRows()).toBe(before + 1);
    await t.runJobs();
    expect(await sessionRows()).toBe(before + 1);
    await t.clock.set(new Date(t.clock.now.getTime() + 13 * 3_600_000).toISOString());
    await t.runJobs();
    await expect.poll(sessionRows, { timeout: 10_000 }).toBe(before);
  });

  it('a job enqueued in a rolled-back transaction does not exist; a committed one does', async () => {
    const jobs = t.app.deps.jobs;
    await expect(
      db.transaction(async (tx) => {
        await jobs.enqueue(tx, 'session.expire', { tokenHash: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await jobRows('session.expire', 'rolled-back')).toBe(0);
    await db.transaction(async (tx) => {
      await jobs.enqueue(tx, 'session.expire', { tokenHash: 'committed' });
    });
    expect(await jobRows('session.expire', 'committed')).toBe(1);
  });

  it('a payload that does not match its job’s schema is refused when queued, and nothing is queued', async () => {
    const jobs = t.app.deps.jobs;
    for (const bad of [{ tokenHash: 42 }, {}]) {
      await expect(
        db.transaction(async (tx) => {
          await jobs.enqueue(tx, 'session.expire', { ...bad, marker: 'bad' });
        }),
      ).rejects.toThrow(/session\.expire: payload does not match its schema/);
    }
    const queued = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pgboss.job where name = 'session.expire' and data->>'marker' = 'bad'`,
    );
    expect(queued[0]!.n).toBe(0);
  });

  it.runIf(t.database.kind === 'postgres')(
    'two instances sharing the queue run each job exactly once',
    async () => {
      const seen: string[] = [];
      const probe = (instance: string) => ({
        name: 'probe.count',
        handle: async (data: { n: number }) => {
          seen.push(`${instance}:${data.n}`);
        },
      });
      const a = new JobQueue(t.database);
      const b = new JobQueue(t.database);
      await a.start([probe('a') as never], { work: true, onError: () => undefined });
      await b.start([probe('b') as never], { work: true, onError: () => undefined });
      await db.transaction(async (tx) => {
        for (let n = 0; n < 200; n++) await a.enqueue(tx, 'probe.count', { n });
      });
      await expect.poll(() => seen.length, { timeout: 30_000, interval: 200 }).toBe(200);
      const numbers = seen.map((s) => Number(s.split(':')[1]));
      expect(new Set(numbers).size).toBe(200);
      expect(seen.some((s) => s.startsWith('a:'))).toBe(true);
      expect(seen.some((s) => s.startsWith('b:'))).toBe(true);
      await a.stop();
      await b.stop();
    },
  );
});
