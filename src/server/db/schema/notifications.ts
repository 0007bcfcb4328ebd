import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { accountRef } from './accounts';
import { timestamptz, uuidPrimaryKey, uuidRef } from './columns';

/** A message in a person's inbox; SMS and e-mail copies are tracked per delivery. */
export const notification = pgTable(
  'notification',
  {
    id: uuidPrimaryKey(),
    userId: accountRef('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    refType: text('ref_type'),
    refId: text('ref_id'),
    createdAt: timestamptz('created_at').notNull(),
    readAt: timestamptz('read_at'),
  },
  (t) => [index('notification_user_idx').on(t.userId, t.createdAt)],
);

export const notificationDelivery = pgTable('notification_delivery', {
  id: uuidPrimaryKey(),
  notificationId: uuidRef('notification_id', () => notification.id).notNull(),
  channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
  address: text('address').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  sentAt: timestamptz('sent_at'),
});
