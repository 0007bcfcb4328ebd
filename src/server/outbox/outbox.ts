import { sql } from 'drizzle-orm';
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
  const [row] = await ctx.tx
    .insert(outboxMessage)
    .values({
      idempotencyKey,
      topic: input.topic,
      aggregateType: input.aggregateType,
      aggregateId: input.aggregateId,
      payload: input.payload,
      createdAt: ctx.now,
    })
    .returning({ seq: outboxMessage.seq });
  const at = ctx.now.toISOString();
  await ctx.tx.execute(sql`
    insert into push_delivery (message_seq, subscription_id, status, attempts, next_attempt_at, created_at)
    select ${row!.seq}, s.id, 'pending', 0, ${at}::timestamptz, ${at}::timestamptz
    from push_subscription s
    where s.active and ${input.topic} = any(s.topics)`);
  return { seq: row!.seq, idempotencyKey };
}
