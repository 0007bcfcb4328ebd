import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { queryRows } from '../db/client';
import { commitment, outboxMessage } from '../db/schema';

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
export async function lastCommitmentPush(db: Executor, applicationId: string): Promise<unknown> {
  const [made] = await db
    .select({ payload: outboxMessage.payload })
    .from(outboxMessage)
    .where(and(eq(outboxMessage.topic, 'commitment'), eq(outboxMessage.aggregateId, applicationId)))
    .orderBy(desc(outboxMessage.seq))
    .limit(1);
  return made?.payload;
}
