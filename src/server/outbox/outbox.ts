import type { Ctx } from '../context';
import { outboxMessage } from '../db/schema';
import { sealIdsIn } from '../security/personal-data';

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
  /**
   * The departments the message concerns: it reaches only subscriptions whose regions (and, if they name
   * any, departments) include one of them. Empty only for what concerns no department (audit checkpoints).
   */
  departmentIds: (string | null | undefined)[];
};

/**
 * One delivery per active subscription to each message's topic, for the messages the batch inserts, and
 * only where the subscription covers a department the message concerns: by region (its own department's
 * when it lists none; a code ending in 00 covers the codes under it) and by department when it names any.
 */
const fanOut = (inserted: string) =>
  `insert into push_delivery (message_seq, subscription_id, status, attempts, next_attempt_at, created_at)
      select m.seq, s.id, 'pending', 0, m.created_at, m.created_at
        from ${inserted} m join push_subscription s on s.active and m.topic = any(s.topics)
             and (m.recipient_department_id is null or s.department_id = m.recipient_department_id)
             and (cardinality(s.department_ids) = 0 or s.department_ids && m.department_ids)
             and (cardinality(m.department_ids) = 0 or exists (
                   select 1 from department md, department sd,
                          unnest(case when cardinality(s.region_codes) = 0 then array[sd.region_code]
                                      else s.region_codes end) r
                    where md.id = any(m.department_ids) and sd.id = s.department_id
                      and starts_with(md.region_code, regexp_replace(r, '(00)+$', ''))))`;

/**
 * Records a message for other systems as the caller's transaction commits, with one delivery per active
 * subscription to its topic: a committed change always has its deliveries, a rolled-back one none.
 * (Fanning out later from a sequence cursor would miss rows whose transactions commit out of order.)
 * Messages of one action keep their order; the message, its deliveries and the action's other batched
 * rows are one statement.
 */
export function writeOutbox(ctx: Pick<Ctx, 'batch' | 'now' | 'crypto'>, input: OutboxInput): void {
  const idempotencyKey = input.idempotencyKey ?? `${input.topic}:${input.aggregateId}`;
  ctx.batch.insert(outboxMessage, {
    idempotencyKey,
    topic: input.topic,
    aggregateType: input.aggregateType,
    aggregateId: input.aggregateId,
    // Stored with every resident ID sealed: opened per subscription at delivery (ADR 0019).
    payload: sealIdsIn(ctx.crypto, input.payload),
    recipientDepartmentId: input.recipientDepartmentId ?? null,
    departmentIds: [...new Set(input.departmentIds.filter((d): d is string => !!d))],
    createdAt: ctx.now,
  });
  ctx.batch.follow(outboxMessage, fanOut);
}
