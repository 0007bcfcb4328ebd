import { sql } from 'drizzle-orm';
import type { Ctx } from '../context';
import { queryRows } from '../db/client';
import type { outboxMessage } from '../db/schema';

export type OutboxTopic = (typeof outboxMessage.$inferInsert)['topic'];

export type OutboxInput = {
  topic: OutboxTopic;
  aggregateType: string;
  aggregateId: string;
  /** What the receiver gets, already in the receiving system's data items. */
  payload: Record<string, unknown>;
  /** Defaults to topic:aggregateId; give one when an aggregate emits the same topic twice. */
  idempotencyKey?: string;
};

/**
 * Records a message for other systems inside the caller's transaction, with one delivery per active
 * subscription to its topic: a committed change always has its deliveries, a rolled-back one none.
 * (Fanning out later from a sequence cursor would miss rows whose transactions commit out of order.)
 */
export async function writeOutbox(
  ctx: Ctx,
  input: OutboxInput,
): Promise<{ seq: number; idempotencyKey: string }> {
  const idempotencyKey = input.idempotencyKey ?? `${input.topic}:${input.aggregateId}`;
  const at = ctx.now.toISOString();
  // One statement for the message and its deliveries: this runs on every decision.
  const [row] = await queryRows<{ seq: number }>(
    ctx.tx,
    sql`with m as (
          insert into outbox_message (idempotency_key, topic, aggregate_type, aggregate_id, payload, created_at)
          values (${idempotencyKey}, ${input.topic}, ${input.aggregateType}, ${input.aggregateId},
                  ${JSON.stringify(input.payload)}::jsonb, ${at}::timestamptz)
          returning seq
        ), d as (
          insert into push_delivery (message_seq, subscription_id, status, attempts, next_attempt_at, created_at)
          select m.seq, s.id, 'pending', 0, ${at}::timestamptz, ${at}::timestamptz
          from m join push_subscription s on s.active and ${input.topic} = any(s.topics)
        )
        select seq from m`,
  );
  return { seq: Number(row!.seq), idempotencyKey };
}
