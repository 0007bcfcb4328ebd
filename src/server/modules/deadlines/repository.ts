import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { listRows } from '../../db/rows';
import { application, deadline, missingMaterial, verificationTask } from '../../db/schema';

export type DeadlineRow = typeof deadline.$inferSelect;

/** Every provisional deadline, locked: two administrators loading years at once recompute in turn. */
export async function provisionalDeadlines(db: Executor): Promise<DeadlineRow[]> {
  return db
    .select()
    .from(deadline)
    .where(eq(deadline.provisional, true))
    .orderBy(asc(deadline.createdAt), asc(deadline.id))
    .for('update');
}

export async function updateDeadline(
  db: Executor,
  id: string,
  set: Pick<DeadlineRow, 'dueDate' | 'provisional' | 'unloadedYears' | 'recomputedAt'>,
): Promise<void> {
  await db.update(deadline).set(set).where(eq(deadline.id, id));
}

export async function deadlinesOf(
  db: Executor,
  ownerType: string,
  ownerIds: string[],
): Promise<DeadlineRow[]> {
  if (!ownerIds.length) return [];
  return listRows(
    db,
    deadline,
    and(eq(deadline.ownerType, ownerType), inArray(deadline.ownerId, ownerIds)),
    asc(deadline.dueDate),
  );
}

export async function applicationForDeadline(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: application.id,
      number: application.number,
      status: application.status,
      applicantUserId: application.applicantUserId,
      materials: application.materials,
    })
    .from(application)
    .where(eq(application.id, id));
  return row;
}

export async function setLegalDeadline(db: Executor, id: string, date: string): Promise<void> {
  await db.update(application).set({ legalDeadline: date }).where(eq(application.id, id));
}

export async function setFinalDueDate(db: Executor, id: string, from: string, to: string): Promise<void> {
  await db.update(application).set({ finalDueDate: to }).where(eq(application.id, id));
  await db
    .update(missingMaterial)
    .set({ finalDueDate: to })
    .where(and(eq(missingMaterial.applicationId, id), eq(missingMaterial.finalDueDate, from)));
}

/** 容缺 due dates: the missing rows still due on the old date, and the application's material list. */
export async function setSupplyDueDate(
  db: Executor,
  app: { id: string; materials: { state: string; dueDate: string | null }[] },
  from: string,
  to: string,
): Promise<void> {
  await db
    .update(missingMaterial)
    .set({ dueDate: to })
    .where(
      and(
        eq(missingMaterial.applicationId, app.id),
        eq(missingMaterial.dueDate, from),
        isNull(missingMaterial.suppliedAt),
      ),
    );
  const materials = app.materials.map((m) =>
    m.state === 'missing' && m.dueDate === from ? { ...m, dueDate: to } : m,
  );
  await db
    .update(application)
    .set({ materials: materials as never })
    .where(eq(application.id, app.id));
}

/** Whether an application still has a provisional date, kept on its row for lists and views. */
export async function refreshApplicationProvisional(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .update(application)
    .set({
      deadlinesProvisional: sql`exists (select 1 from ${deadline} d where d.owner_type = 'application'
        and d.owner_id = ${id} and d.provisional)`,
    })
    .where(eq(application.id, id))
    .returning({ provisional: application.deadlinesProvisional });
  return row?.provisional ?? false;
}

export async function taskForDeadline(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: verificationTask.id,
      status: verificationTask.status,
      subjectName: verificationTask.subjectName,
      supervisingDepartmentId: verificationTask.supervisingDepartmentId,
      inspectorIds: verificationTask.inspectorIds,
    })
    .from(verificationTask)
    .where(eq(verificationTask.id, id));
  return row;
}

export async function setTaskDueDate(db: Executor, id: string, date: string): Promise<void> {
  await db.update(verificationTask).set({ dueDate: date }).where(eq(verificationTask.id, id));
}

export async function setRectificationDueDate(db: Executor, id: string, date: string): Promise<void> {
  await db.update(verificationTask).set({ rectificationDueDate: date }).where(eq(verificationTask.id, id));
}
