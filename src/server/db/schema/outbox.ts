import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { pushTopics } from '../../../contracts/push';
import { timestamptz } from './columns';

/**
 * Messages for other systems (supervising departments, the credit platform), written in the same
 * transaction as the change they report, so a committed change is always pushed and a rolled-back
 * one never is. Delivery per subscriber is tracked elsewhere.
 */
export const outboxMessage = pgTable(
  'outbox_message',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** Stable across retries and replays: receivers deduplicate on it. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    topic: text('topic', {
      enum: pushTopics,
    }).notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    payload: jsonb('payload').notNull(),
    /**
     * A message meant for one department's systems only (an assistance request to another region): it
     * fans out to that department's subscriptions alone. Null: every subscriber of the topic.
     */
    recipientDepartmentId: uuid('recipient_department_id'),
    /**
     * The departments the message concerns (deciding, supervising, inspecting): subscriptions receive it
     * only for their regions and departments. Empty: not about any one department (audit checkpoints).
     */
    departmentIds: uuid('department_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamptz('created_at', { precision: 3 }).notNull(),
  },
  (t) => [
    index('outbox_message_topic_idx').on(t.topic, t.seq),
    // A commitment is found again by its application (a breach pushes it anew) and by its 承诺编码 (a
    // supervising system's result refers to it).
    index('outbox_commitment_aggregate_idx').on(t.aggregateId).where(sql`${t.topic} = 'commitment'`),
    index('outbox_commitment_code_idx')
      .on(sql`(${t.payload} ->> '承诺编码')`)
      .where(sql`${t.topic} = 'commitment'`),
  ],
);
