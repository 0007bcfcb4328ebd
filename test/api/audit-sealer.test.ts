import { eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { AuditSealer, appendAuditWith, verifyAuditChain } from '../../src/server/audit/audit-log';
import { lockForSealing } from '../../src/server/audit/repository';
import { systemActor } from '../../src/server/context';
import { auditLog } from '../../src/server/db/schema';
import { DataCrypto } from '../../src/server/security/crypto';
import { TEST_DATA_KEY, useTestDatabase } from '../helpers/database';

const t = useTestDatabase();
const crypto = new DataCrypto(TEST_DATA_KEY);

const unsealed = async (action: string) =>
  (
    await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(sql`${isNull(auditLog.seq)} and ${eq(auditLog.action, action)}`)
  )[0]!.n;

const append = (action: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      appendAuditWith(t.database.db, crypto, systemActor('test'), new Date(), null, {
        action,
        targetType: 'test',
        targetId: String(i),
      }),
    ),
  );

describe('the background audit sealer', () => {
  it('chains what has committed without being asked, keeps the chain whole, and seals nothing once stopped', async () => {
    const errors: unknown[] = [];
    const sealer = new AuditSealer(t.database.db, crypto, (e) => errors.push(e));
    await append('test.sealer.before', 40);
    sealer.start(5);
    await vi.waitFor(async () => expect(await unsealed('test.sealer.before')).toBe(0), {
      timeout: 10_000,
      interval: 20,
    });
    // Rows appended while it runs are sealed by a later run.
    await append('test.sealer.during', 40);
    await vi.waitFor(async () => expect(await unsealed('test.sealer.during')).toBe(0), {
      timeout: 10_000,
      interval: 20,
    });
    // Stopped in the middle of a run: the run finishes and schedules no other. The test holds the sealing
    // lock (PostgreSQL; on PGlite, the one connection), so the run that starts next waits inside.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const holding = t.database.db.transaction(async (tx) => {
      await lockForSealing(tx);
      entered();
      await held;
    });
    await inside;
    await new Promise((r) => setTimeout(r, 50)); // ten intervals: a run has started and waits
    const stopping = sealer.stop();
    release();
    await holding;
    await stopping;
    expect(errors).toEqual([]);

    // A row appended now stays unsealed through many of its former intervals.
    await append('test.sealer.after', 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(await unsealed('test.sealer.after')).toBe(1);
    expect((await verifyAuditChain(t.database.db, crypto)).ok).toBe(true);
  });
});
