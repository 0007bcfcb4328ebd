import type { Ctx } from '../context';
import { outboxMessage } from '../db/schema';

export type OutboxTopic = (typeof outboxMessage.$inferInsert)['topic'];

export type OutboxInput = {
  topic: OutboxTopic;
  aggregateType: string;
  aggregateId: string;
  /** What the receiver gets, already in the receiving system's data items. */
  payload: Record<string, unknown>;
  /** Defaults to topic:aggregateId; give one when an aggregate emits the same topic twice. */
  idempotencyKey?: string;
  /** Only this department's subscriptions receive it (what is meant for one party only). */
  recipientDepartmentId?: string;
};

/** One delivery per active subscription to each message's topic, for the messages the batch inserts. */
const fanOut = (inserted: string) =>
  `insert into push_delivery (message_seq, subscription_id, status, attempts, next_attempt_at, created_at)
      select m.seq, s.id, 'pending', 0, m.created_at, m.created_at
        from ${inserted} m join push_subscription s on s.active and m.topic = any(s.topics)
             and (m.recipient_department_id is null or s.department_id = m.recipient_department_id)`;

/**
 * Records a message for other systems as the caller's transaction commits, with one delivery per active
 * subscription to its topic: a committed change always has its deliveries, a rolled-back one none.
 * (Fanning out later from a sequence cursor would miss rows whose transactions commit out of order.)
 * Messages of one action keep their order; the message, its deliveries and the action's other batched
 * rows are one statement.
 */
export function writeOutbox(ctx: Pick<Ctx, 'batch' | 'now'>, input: OutboxInput): void {
  const idempotencyKey = input.idempotencyKey ?? `${input.topic}:${input.aggregateId}`;
  ctx.batch.insert(outboxMessage, {
    idempotencyKey,
    topic: input.topic,
    aggregateType: input.aggregateType,
    aggregateId: input.aggregateId,
    payload: input.payload,
    recipientDepartmentId: input.recipientDepartmentId ?? null,
    createdAt: ctx.now,
  });
  ctx.batch.follow(outboxMessage, fanOut);
}
