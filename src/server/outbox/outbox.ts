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

/** Records a message for other systems inside the caller's transaction. */
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
  return { seq: row!.seq, idempotencyKey };
}
