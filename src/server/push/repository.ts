import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { queryRows } from '../db/client';
import {
  commitment,
  outboxMessage,
  pushAttempt,
  pushDataGrant,
  pushDelivery,
  pushSubscription,
} from '../db/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes the next serial of a region's 承诺编码 counter for a day. Run on an executor of its own where the
 * deployment has one, so the row's lock lasts this statement only (commitment-code.ts).
 */
export async function nextCommitmentSerial(db: Executor, regionCode: string, day: string): Promise<number> {
  const [row] = await queryRows<{ last_serial: number }>(
    db,
    sql`insert into commitment_code_counter (region_code, day, last_serial) values (${regionCode}, ${day}, 1)
        on conflict (region_code, day) do update set last_serial = commitment_code_counter.last_serial + 1
        returning last_serial`,
  );
  return Number(row!.last_serial);
}

/** Stores the 承诺编码 on the commitment it was assigned to; a commitment keeps the first code it was pushed under. */
export async function setCommitmentCode(db: Executor, applicationId: string, code: string): Promise<void> {
  // Cases held in another system carry that system's ids: there is no commitment row here to mark.
  if (!UUID.test(applicationId)) return;
  await db
    .update(commitment)
    .set({ code })
    .where(and(eq(commitment.applicationId, applicationId), isNull(commitment.code)));
}

/**
 * The application whose commitment carries a 承诺编码; for a case held in another system (no commitment row
 * here) the code is found in what was pushed.
 */
export async function applicationOfCommitmentCode(db: Executor, code: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: commitment.applicationId })
    .from(commitment)
    .where(eq(commitment.code, code))
    .limit(1);
  if (row) return row.id;
  const [pushed] = await db
    .select({ id: outboxMessage.aggregateId })
    .from(outboxMessage)
    .where(and(eq(outboxMessage.topic, 'commitment'), sql`${outboxMessage.payload} ->> '承诺编码' = ${code}`))
    .limit(1);
  return pushed?.id;
}

/** The data items last pushed for an application's commitment. */
export async function lastCommitmentPush(db: Executor, applicationId: string) {
  const [made] = await db
    .select({ payload: outboxMessage.payload, departmentIds: outboxMessage.departmentIds })
    .from(outboxMessage)
    .where(and(eq(outboxMessage.topic, 'commitment'), eq(outboxMessage.aggregateId, applicationId)))
    .orderBy(desc(outboxMessage.seq))
    .limit(1);
  return made;
}

/** A delivery claimed for sending, with its message as stored (the payload as jsonb text). */
export type ClaimedDelivery = {
  id: number;
  attempts: number;
  subscription_id: string;
  seq: number;
  idempotency_key: string;
  topic: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: string;
  created_at: string | Date;
};

/**
 * Claims up to `limit` due deliveries of active subscriptions with FOR UPDATE SKIP LOCKED, moving each
 * one lease into the future before anything is sent (dispatcher.ts explains the at-least-once contract).
 */
export function claimDueDeliveries(db: Executor, now: Date, leaseUntil: Date, limit: number) {
  return queryRows<ClaimedDelivery>(
    db,
    sql`with due as (
          select d.id from push_delivery d
          join push_subscription s on s.id = d.subscription_id and s.active
          where d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
          order by d.next_attempt_at, d.id
          limit ${limit}
          for update of d skip locked
        ), claimed as (
          update push_delivery d set attempts = d.attempts + 1,
            next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
          from due where d.id = due.id
          returning d.id, d.attempts, d.subscription_id, d.message_seq
        )
        select c.id, c.attempts, c.subscription_id, m.seq, m.idempotency_key, m.topic,
               m.aggregate_type, m.aggregate_id, m.payload::text as payload, m.created_at
        from claimed c join outbox_message m on m.seq = c.message_seq`,
  );
}

/**
 * Where and how to send: address, sealed signing key, and whether resident IDs go out in clear (an
 * active `resident_id` grant) — read every batch, so a revoked grant takes effect at once.
 */
export async function deliveryTargets(db: Executor, ids: string[]) {
  const rows = await db
    .select({
      id: pushSubscription.id,
      url: pushSubscription.url,
      secretEnc: pushSubscription.secretEnc,
      // Qualified by hand: in a one-table select Drizzle renders `${pushSubscription.id}` as a bare "id",
      // which inside this subquery would name the grant's own id and never match.
      clearResidentIds: sql<boolean>`exists (select 1 from ${pushDataGrant} g
        where g.subscription_id = ${pushSubscription}.id and g.data_class = 'resident_id'
          and g.revoked_at is null)`,
    })
    .from(pushSubscription)
    .where(inArray(pushSubscription.id, ids));
  return rows.map((r) => ({
    ...r,
    clearResidentIds: r.clearResidentIds === true || String(r.clearResidentIds) === 'true',
  }));
}

export async function insertAttempts(db: Executor, rows: (typeof pushAttempt.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 1000) await db.insert(pushAttempt).values(rows.slice(i, i + 1000));
}

export async function markDelivered(db: Executor, ids: number[], statusCode: number, at: Date) {
  await db
    .update(pushDelivery)
    .set({ status: 'delivered', deliveredAt: at, lastStatusCode: statusCode, lastError: null })
    .where(and(inArray(pushDelivery.id, ids), eq(pushDelivery.status, 'pending')));
}

/**
 * A failure recorded only against the claim it was made under (`attempts` unchanged): retried at `next`,
 * or dead when `next` is null.
 */
export async function markFailed(
  db: Executor,
  ids: number[],
  claim: { attempts: number; statusCode: number | null; error: string },
  next: Date | null,
  at: Date,
) {
  await db
    .update(pushDelivery)
    .set({
      ...(next ? { nextAttemptAt: next } : { status: 'dead' as const, deadAt: at }),
      lastStatusCode: claim.statusCode,
      lastError: claim.error.slice(0, 500),
    })
    .where(
      and(
        inArray(pushDelivery.id, ids),
        eq(pushDelivery.status, 'pending'),
        eq(pushDelivery.attempts, claim.attempts),
      ),
    );
}

export async function subscriptionNames(db: Executor, ids: string[]) {
  return db
    .select({ id: pushSubscription.id, systemName: pushSubscription.systemName })
    .from(pushSubscription)
    .where(inArray(pushSubscription.id, ids));
}
