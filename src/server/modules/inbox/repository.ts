import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/client';
import { countRows, findById, pageRows } from '../../db/rows';
import { notification, notificationDelivery, userAccount } from '../../db/schema';
import type { Pending } from '../../db/write-batch';

export type NotificationRow = typeof notification.$inferSelect;

/** Written with the action's batch at commit, as is its delivery. */
export function insertNotification(
  ctx: Ctx,
  values: Omit<NotificationRow, 'id' | 'readAt'>,
): Pending<NotificationRow> {
  const row: NotificationRow = { id: randomUUID(), readAt: null, ...values };
  return ctx.batch.insert(notification, row);
}

export function insertDelivery(
  ctx: Ctx,
  values: Omit<typeof notificationDelivery.$inferInsert, 'id'>,
): { id: string } {
  const id = randomUUID();
  ctx.batch.insert(notificationDelivery, { id, ...values });
  return { id };
}

export async function findUserContact(db: Executor, userId: string) {
  const [row] = await db
    .select({ phone: userAccount.phone })
    .from(userAccount)
    .where(eq(userAccount.id, userId));
  return row;
}

export async function findDelivery(db: Executor, id: string) {
  const [row] = await db
    .select({ delivery: notificationDelivery, title: notification.title, body: notification.body })
    .from(notificationDelivery)
    .innerJoin(notification, eq(notification.id, notificationDelivery.notificationId))
    .where(eq(notificationDelivery.id, id));
  return row;
}

export async function markDelivery(
  db: Executor,
  id: string,
  set: {
    status: 'sent' | 'failed' | 'pending';
    attempts: number;
    lastError: string | null;
    sentAt: Date | null;
  },
) {
  await db.update(notificationDelivery).set(set).where(eq(notificationDelivery.id, id));
}

export async function listInbox(db: Executor, userId: string, page: number, pageSize: number) {
  const order = [desc(notification.createdAt), desc(notification.id)];
  return {
    ...(await pageRows(db, notification, eq(notification.userId, userId), order, { page, pageSize })),
    unread: await countRows(
      db,
      notification,
      and(eq(notification.userId, userId), isNull(notification.readAt)),
    ),
  };
}

export async function markRead(db: Executor, id: string, userId: string, now: Date) {
  const [row] = await db
    .update(notification)
    .set({ readAt: now })
    .where(and(eq(notification.id, id), eq(notification.userId, userId), isNull(notification.readAt)))
    .returning();
  return row;
}

export const findNotification = (db: Executor, id: string) => findById(db, notification, id);
