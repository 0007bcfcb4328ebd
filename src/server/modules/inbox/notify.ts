import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { findUserContact, insertDelivery, insertNotification, type NotificationRow } from './repository';

export type NotifyInput = {
  userId: string;
  kind: string;
  title: string;
  body: string;
  refType?: string;
  refId?: string;
  /** Also send by SMS to the account's phone, when it has one and a gateway is configured. */
  sms?: boolean;
};

/**
 * Puts a notice in the person's inbox and, in the same transaction, queues its SMS copy, so a notice
 * that is committed is always delivered (at least once) and one rolled back is never sent.
 */
export async function notify(ctx: Ctx, input: NotifyInput): Promise<NotificationRow> {
  const { pending: row } = insertNotification(ctx, {
    userId: input.userId,
    kind: input.kind,
    title: input.title,
    body: input.body,
    refType: input.refType ?? null,
    refId: input.refId ?? null,
    createdAt: ctx.now,
  });
  const contact = input.sms ? await findUserContact(ctx.tx, input.userId) : undefined;
  if (contact?.phone && ctx.messages) {
    const delivery = insertDelivery(ctx, {
      notificationId: row.id,
      channel: 'sms',
      address: contact.phone,
      status: 'pending',
    });
    await ctx.jobs.enqueue(ctx.tx, jobNames.deliverMessage, { deliveryId: delivery.id });
  }
  await appendAudit(ctx, {
    action: 'notification.create',
    targetType: 'notification',
    targetId: row.id,
    after: { userId: row.userId, kind: row.kind, title: row.title },
  });
  return row;
}
