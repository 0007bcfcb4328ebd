import { eq, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client';
import { dataUpgrade, inspection, inspectionPlan, outboxMessage } from '../../db/schema';

/** Plans whose candidate list still holds a person's code in clear (made before ADR 0019). */
export function plansWithClearPersons(db: Executor) {
  return queryRows<{ id: string; candidates: unknown; conflicts: unknown }>(
    db,
    sql`select id, candidates, conflicts from inspection_plan
        where jsonb_path_exists(candidates, '$[*] ? (@.kind == "individual" && exists(@.code))')`,
  );
}

export async function setPlanLists(
  db: Executor,
  id: string,
  lists: { candidates?: unknown; conflicts?: unknown },
) {
  await db.update(inspectionPlan).set(lists).where(eq(inspectionPlan.id, id));
}

/** Drawn persons still kept by their code in clear. */
export function inspectionsWithClearPersons(db: Executor) {
  return queryRows<{ id: string; code: string }>(
    db,
    sql`select id, subject_code as code from inspection
        where subject_kind = 'individual' and subject_code_enc is null`,
  );
}

export async function setInspectionCode(
  db: Executor,
  id: string,
  set: { subjectCode: string; subjectCodeEnc: string; subjectCodeHash: string },
) {
  await db.update(inspection).set(set).where(eq(inspection.id, id));
}

/** Outbox messages whose text has a run of 17 digits and a check character: candidates for sealing. */
export function outboxWithDigitRuns(db: Executor) {
  return queryRows<{ seq: number; payload: unknown }>(
    db,
    sql`select seq, payload from outbox_message where payload::text ~ '[1-9][0-9]{16}[0-9Xx]'`,
  );
}

export async function setOutboxPayload(db: Executor, seq: number, payload: unknown) {
  await db
    .update(outboxMessage)
    .set({ payload })
    .where(eq(outboxMessage.seq, Number(seq)));
}

/** Whether a data upgrade has run (upgrades are idempotent, so two processes starting at once may both run it). */
export async function upgradeDone(db: Executor, name: string): Promise<boolean> {
  const rows = await db.select().from(dataUpgrade).where(eq(dataUpgrade.name, name));
  return rows.length > 0;
}

export async function markUpgradeDone(db: Executor, name: string, at: Date, counts: Record<string, number>) {
  await db.insert(dataUpgrade).values({ name, doneAt: at, counts }).onConflictDoNothing();
}
