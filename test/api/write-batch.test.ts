import { randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  department,
  outboxMessage,
  pushDelivery,
  pushSubscription,
} from '../../src/server/db/schema';
import { WriteBatch } from '../../src/server/db/write-batch';
import { useTestDatabase } from '../helpers/database';

const t = useTestDatabase();
let departmentId: string;

beforeAll(async () => {
  const [d] = await t.database.db.select({ id: department.id }).from(department).limit(1);
  departmentId = d!.id;
});

const at = new Date('2026-11-23T02:00:00.123Z');

describe('write batch', () => {
  it('writes what the insert builder writes: json, arrays, timestamps, nulls and column defaults', async () => {
    const base = {
      systemName: '监管系统',
      departmentId,
      url: 'http://127.0.0.1:9/x',
      topics: ['license', 'commitment'],
      secretEnc: 'sealed',
      createdBy: null,
      createdAt: at,
      updatedAt: at,
    };
    const viaBuilder = randomUUID();
    const viaBatch = randomUUID();
    await t.database.db.insert(pushSubscription).values({ ...base, id: viaBuilder });
    const audit = {
      at,
      actorKind: 'system',
      actorId: null,
      actorName: '测试',
      departmentId: null,
      action: 'test.batch',
      targetType: 'test',
      targetId: 'x',
      before: null,
      after: { 名称: '乌审旗', 列表: [1, 2], 空: null },
      requestId: null,
    };
    await t.database.db.insert(auditLog).values(audit);
    await t.database.db.transaction(async (tx) => {
      const batch = new WriteBatch();
      batch.insert(pushSubscription, { ...base, id: viaBatch });
      batch.insert(auditLog, [audit, { ...audit, targetId: 'y' }]);
      await batch.flush(tx);
    });
    const subs = await t.database.db
      .select()
      .from(pushSubscription)
      .where(inArray(pushSubscription.id, [viaBuilder, viaBatch]));
    const strip = <T extends { id: unknown }>({ id: _, ...rest }: T) => rest;
    expect(subs).toHaveLength(2);
    expect(strip(subs.find((s) => s.id === viaBatch)!)).toEqual(
      strip(subs.find((s) => s.id === viaBuilder)!),
    );
    expect(subs[0]!.active).toBe(true); // the column default, for a key not given
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'test.batch'))
      .orderBy(asc(auditLog.id));
    expect(rows.map((r) => r.targetId)).toEqual(['x', 'x', 'y']); // serial ids follow the order given
    expect(strip(rows[1]!)).toEqual(strip(rows[0]!));
  });

  it('feeds a follow-up write from the rows it inserted, skips duplicates only where asked, and is atomic', async () => {
    const sub = randomUUID();
    await t.database.db.insert(pushSubscription).values({
      id: sub,
      systemName: '监管系统',
      departmentId,
      url: 'http://127.0.0.1:9/y',
      topics: ['decision'],
      secretEnc: 'sealed',
      createdAt: at,
      updatedAt: at,
    });
    const message = (key: string) => ({
      idempotencyKey: key,
      topic: 'decision' as const,
      aggregateType: 'application',
      aggregateId: key,
      payload: { key },
      createdAt: at,
    });
    // A follow-up is parameterless SQL text; the subscription id is one this test made.
    const fanOut = (m: string) =>
      `insert into push_delivery (message_seq, subscription_id, status, attempts, next_attempt_at, created_at)
          select m.seq, '${sub}'::uuid, 'pending', 0, m.created_at, m.created_at from ${m} m`;
    await t.database.db.transaction(async (tx) => {
      const batch = new WriteBatch();
      batch.insert(outboxMessage, [message('wb-1'), message('wb-2')]);
      batch.follow(outboxMessage, fanOut);
      batch.follow(outboxMessage, fanOut); // registered twice, runs once
      await batch.flush(tx);
    });
    const deliveries = await t.database.db
      .select()
      .from(pushDelivery)
      .where(eq(pushDelivery.subscriptionId, sub));
    expect(deliveries).toHaveLength(2);

    // A row the database refuses fails the whole statement, and so the whole transaction.
    await expect(
      t.database.db.transaction(async (tx) => {
        const batch = new WriteBatch();
        batch.insert(outboxMessage, message('wb-3'));
        batch.insert(auditLog, {
          at,
          actorKind: 'system',
          action: null as never, // not null
          targetType: 'test',
        });
        await batch.flush(tx);
      }),
    ).rejects.toMatchObject({ cause: { code: '23502' } }); // the not-null action, nothing else
    expect(
      await t.database.db.select().from(outboxMessage).where(eq(outboxMessage.idempotencyKey, 'wb-3')),
    ).toEqual([]);

    await t.database.db.transaction(async (tx) => {
      const batch = new WriteBatch();
      batch.insert(
        pushSubscription,
        {
          id: sub,
          systemName: '重复',
          departmentId,
          url: 'x',
          topics: [],
          secretEnc: 's',
          createdAt: at,
          updatedAt: at,
        },
        { ignoreDuplicates: true },
      );
      await batch.flush(tx);
    });
    const [kept] = await t.database.db.select().from(pushSubscription).where(eq(pushSubscription.id, sub));
    expect(kept!.systemName).toBe('监管系统');
  });
});
