import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  countRows,
  findById,
  insertRow,
  insertUnlessConflict,
  pageRows,
  updateWhileNull,
} from '../../db/rows';
import {
  department,
  outboxMessage,
  pushAttempt,
  pushDataGrant,
  pushDelivery,
  pushInboundResult,
  pushSubscription,
  userAccount,
} from '../../db/schema';

export type SubscriptionRow = typeof pushSubscription.$inferSelect;
export type InboundRow = typeof pushInboundResult.$inferSelect;
export type DataGrantRow = typeof pushDataGrant.$inferSelect;
type DataClass = DataGrantRow['dataClass'];
type DeliveryStatus = (typeof pushDelivery.$inferSelect)['status'];

export async function activeSystemAdminIds(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: userAccount.id })
    .from(userAccount)
    .where(
      and(
        eq(userAccount.kind, 'staff'),
        eq(userAccount.active, true),
        sql`'system_admin' = any(${userAccount.roles})`,
      ),
    );
  return rows.map((r) => r.id);
}

export const insertSubscription = (db: Executor, values: typeof pushSubscription.$inferInsert) =>
  insertRow(db, pushSubscription, values);

export async function updateSubscription(
  db: Executor,
  id: string,
  set: Partial<typeof pushSubscription.$inferInsert>,
) {
  const [row] = await db.update(pushSubscription).set(set).where(eq(pushSubscription.id, id)).returning();
  return row;
}

export const findSubscription = (db: Executor, id: string) => findById(db, pushSubscription, id);

/** Subscriptions with their department name and backlog counts. */
export async function listSubscriptions(db: Executor, id?: string, page = 1, pageSize = 1000) {
  const rows = await db
    .select({
      sub: pushSubscription,
      departmentName: department.name,
      pending: sql<number>`(select count(*) from push_delivery d where d.subscription_id = ${pushSubscription.id} and d.status = 'pending')`,
      dead: sql<number>`(select count(*) from push_delivery d where d.subscription_id = ${pushSubscription.id} and d.status = 'dead')`,
    })
    .from(pushSubscription)
    .innerJoin(department, eq(department.id, pushSubscription.departmentId))
    .where(id ? eq(pushSubscription.id, id) : undefined)
    .orderBy(pushSubscription.createdAt, pushSubscription.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return rows.map((r) => ({ ...r, pending: Number(r.pending), dead: Number(r.dead) }));
}

export async function countSubscriptions(db: Executor): Promise<number> {
  return countRows(db, pushSubscription);
}

export async function listDeliveries(
  db: Executor,
  filter: { subscriptionId?: string; status?: DeliveryStatus },
  page: number,
  pageSize: number,
) {
  const where = and(
    filter.subscriptionId ? eq(pushDelivery.subscriptionId, filter.subscriptionId) : undefined,
    filter.status ? eq(pushDelivery.status, filter.status) : undefined,
  );
  const rows = await db
    .select({
      d: pushDelivery,
      systemName: pushSubscription.systemName,
      idempotencyKey: outboxMessage.idempotencyKey,
      topic: outboxMessage.topic,
      aggregateId: outboxMessage.aggregateId,
    })
    .from(pushDelivery)
    .innerJoin(pushSubscription, eq(pushSubscription.id, pushDelivery.subscriptionId))
    .innerJoin(outboxMessage, eq(outboxMessage.seq, pushDelivery.messageSeq))
    .where(where)
    .orderBy(desc(pushDelivery.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: await countRows(db, pushDelivery, where) };
}

export async function findDelivery(db: Executor, id: number) {
  const [row] = await db.select().from(pushDelivery).where(eq(pushDelivery.id, id));
  return row;
}

export async function listAttempts(db: Executor, deliveryId: number, page: number, pageSize: number) {
  const where = eq(pushAttempt.deliveryId, deliveryId);
  return pageRows(db, pushAttempt, where, [desc(pushAttempt.id)], { page, pageSize });
}

/** Makes deliveries due now, with a fresh attempt budget. */
export async function requeueDeliveries(
  db: Executor,
  where: { id?: number; subscriptionId?: string; onlyDead: boolean },
  now: Date,
) {
  return db
    .update(pushDelivery)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deadAt: null })
    .where(
      and(
        where.id !== undefined ? eq(pushDelivery.id, where.id) : undefined,
        where.subscriptionId ? eq(pushDelivery.subscriptionId, where.subscriptionId) : undefined,
        where.onlyDead ? eq(pushDelivery.status, 'dead') : undefined,
      ),
    )
    .returning({ id: pushDelivery.id, status: pushDelivery.status });
}

export async function findInbound(db: Executor, departmentId: string, senderKey: string) {
  const [row] = await db
    .select()
    .from(pushInboundResult)
    .where(and(eq(pushInboundResult.departmentId, departmentId), eq(pushInboundResult.senderKey, senderKey)));
  return row;
}

export const insertInbound = (db: Executor, values: typeof pushInboundResult.$inferInsert) =>
  insertUnlessConflict(db, pushInboundResult, values);

export async function listInbound(db: Executor, page: number, pageSize: number) {
  const order = [desc(pushInboundResult.receivedAt), desc(pushInboundResult.id)];
  return pageRows(db, pushInboundResult, undefined, order, { page, pageSize });
}

/**
 * Records a grant. The partial unique index allows one active grant per subscription and class: a second
 * (or a concurrent one) inserts nothing and gets undefined.
 */
export const insertDataGrant = (db: Executor, values: typeof pushDataGrant.$inferInsert) =>
  insertUnlessConflict(db, pushDataGrant, values);

export const findDataGrant = (db: Executor, id: string) => findById(db, pushDataGrant, id);

export async function activeDataGrant(db: Executor, subscriptionId: string, dataClass: DataClass) {
  const [row] = await db
    .select()
    .from(pushDataGrant)
    .where(
      and(
        eq(pushDataGrant.subscriptionId, subscriptionId),
        eq(pushDataGrant.dataClass, dataClass),
        isNull(pushDataGrant.revokedAt),
      ),
    );
  return row;
}

/** Revokes a grant that is still active (compare-and-set: a grant revoked meanwhile returns undefined). */
export async function revokeDataGrantRow(
  db: Executor,
  id: string,
  set: { revokedBy: string; revokedAt: Date; revokeReason: string },
) {
  return updateWhileNull(db, pushDataGrant, id, pushDataGrant.revokedAt, set);
}

/** A subscription's grants, current and past, newest first, with the name of whoever revoked each. */
export async function listDataGrants(db: Executor, subscriptionId: string, id?: string) {
  return db
    .select({ grant: pushDataGrant, revokedByName: userAccount.displayName })
    .from(pushDataGrant)
    .leftJoin(userAccount, eq(userAccount.id, pushDataGrant.revokedBy))
    .where(and(eq(pushDataGrant.subscriptionId, subscriptionId), id ? eq(pushDataGrant.id, id) : undefined))
    .orderBy(desc(pushDataGrant.grantedAt), desc(pushDataGrant.id));
}
