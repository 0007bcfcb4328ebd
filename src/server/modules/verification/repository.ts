import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { VerificationStatus } from '../../../contracts/verification';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/client';
import { preparedQuery } from '../../db/prepared';
import {
  countRows,
  findBy,
  findById,
  insertRow,
  insertUnlessConflict,
  listRows,
  pageRows,
  updateVersioned,
} from '../../db/rows';
import {
  catalogVersion,
  decision,
  defenceNotice,
  pushInboundResult,
  uploadedFile,
  userAccount,
  verificationDraw,
  verificationEvent,
  verificationEvidence,
  verificationSeed,
  verificationTask,
} from '../../db/schema';
import type { Pending } from '../../db/write-batch';

export type TaskRow = typeof verificationTask.$inferSelect;

/** Written with the action's batch at commit: the action that creates a task does not read it back. */
export function insertTask(
  ctx: Ctx,
  values: Omit<
    TaskRow,
    | 'id'
    | 'inspectorIds'
    | 'rectificationDueDate'
    | 'revocationReason'
    | 'referredToJudicial'
    | 'closedAt'
    | 'version'
    | 'drawId'
  > & { drawId?: string | null },
): Pending<TaskRow> {
  const row: TaskRow = {
    drawId: null,
    id: randomUUID(),
    inspectorIds: [],
    rectificationDueDate: null,
    revocationReason: null,
    referredToJudicial: false,
    closedAt: null,
    version: 1,
    ...values,
  };
  return ctx.batch.insert(verificationTask, row);
}

export const findTask = (db: Executor, id: string) => findById(db, verificationTask, id);

export async function tasksOfApplication(db: Executor, applicationId: string): Promise<TaskRow[]> {
  return db.select().from(verificationTask).where(eq(verificationTask.applicationId, applicationId));
}

/**
 * Moves a task only if nobody moved it since it was read: of two inspectors acting at once exactly one
 * matches `version`, the other gets undefined and a conflict.
 */
export const updateTask = (
  db: Executor,
  before: TaskRow,
  set: Partial<typeof verificationTask.$inferInsert>,
) => updateVersioned(db, verificationTask, before, set);

/** History, batched: the steps of one action keep their order (one multi-row insert). */
export function appendTaskEvent(ctx: Ctx, values: typeof verificationEvent.$inferInsert): void {
  ctx.batch.insert(verificationEvent, values);
}

export async function listTaskEvents(db: Executor, taskId: string) {
  return listRows(db, verificationEvent, eq(verificationEvent.taskId, taskId), verificationEvent.seq);
}

export const openStatuses: VerificationStatus[] = ['pending', 'assigned'];

export async function listTasks(
  db: Executor,
  scope: SQL | undefined,
  filter: { status?: VerificationStatus; overdueBefore?: string },
  page: number,
  pageSize: number,
) {
  const where = and(
    scope,
    filter.status ? eq(verificationTask.status, filter.status) : undefined,
    filter.overdueBefore
      ? and(
          inArray(verificationTask.status, openStatuses),
          lt(verificationTask.dueDate, filter.overdueBefore),
        )
      : undefined,
  );
  const rows = await db
    .select({ task: verificationTask, itemName: catalogVersion.name })
    .from(verificationTask)
    .innerJoin(catalogVersion, eq(catalogVersion.id, verificationTask.itemVersionId))
    .where(where)
    .orderBy(verificationTask.dueDate, desc(verificationTask.createdAt), verificationTask.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: await countRows(db, verificationTask, where) };
}

export async function itemNameOf(db: Executor, versionId: string): Promise<string> {
  const [row] = await db
    .select({ name: catalogVersion.name })
    .from(catalogVersion)
    .where(eq(catalogVersion.id, versionId));
  return row?.name ?? '';
}

/** Staff of a department holding a role: who gets a notice, who may be assigned. */
const staffOfDepartmentWithRole = preparedQuery<
  { departmentId: string; role: string },
  { id: string; name: string }[]
>((db) =>
  db
    .select({ id: userAccount.id, name: userAccount.displayName })
    .from(userAccount)
    .where(
      and(
        eq(userAccount.departmentId, sql.placeholder('departmentId')),
        eq(userAccount.kind, 'staff'),
        sql`${sql.placeholder('role')}::text = any(${userAccount.roles})`,
      ),
    ),
);

/** Read by every commitment decided (its verification task's supervisors are told). */
export function staffWithRole(db: Executor, departmentId: string, role: string) {
  return staffOfDepartmentWithRole(db, { departmentId, role });
}

export const scopeForStaff = (departmentId: string, userId: string, roles: readonly string[]) => {
  const parts: SQL[] = [];
  if (roles.includes('supervision_admin'))
    parts.push(eq(verificationTask.supervisingDepartmentId, departmentId));
  if (roles.includes('inspector')) {
    parts.push(
      and(
        eq(verificationTask.supervisingDepartmentId, departmentId),
        sql`${userId}::uuid = any(${verificationTask.inspectorIds})`,
      )!,
    );
  }
  if (roles.includes('approver')) parts.push(eq(verificationTask.approvingDepartmentId, departmentId));
  return parts.length > 0 ? or(...parts) : sql`false`;
};

// ——— 抽查: daily seeds and draws ———

export type SeedRow = typeof verificationSeed.$inferSelect;
export type DrawRow = typeof verificationDraw.$inferSelect;

export const findSeed = (db: Executor, day: string) =>
  findBy(db, verificationSeed, verificationSeed.day, day);

/** First writer wins; returns the row only if this call created it. */
export const insertSeedIfAbsent = (db: Executor, values: SeedRow) =>
  insertUnlessConflict(db, verificationSeed, values);

/** Seeds of days already over and not yet revealed. */
export async function seedsToReveal(db: Executor, today: string): Promise<SeedRow[]> {
  return listRows(
    db,
    verificationSeed,
    and(lt(verificationSeed.day, today), isNull(verificationSeed.seed)),
    verificationSeed.day,
  );
}

export async function revealSeed(db: Executor, day: string, seed: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(verificationSeed)
    .set({ seed, revealedAt: at })
    .where(and(eq(verificationSeed.day, day), isNull(verificationSeed.seed)))
    .returning({ day: verificationSeed.day });
  return rows.length > 0;
}

export async function listSeeds(db: Executor, page: number, pageSize: number) {
  const rows = await db
    .select({
      seed: verificationSeed,
      draws: sql<number>`(select count(*) from ${verificationDraw} d where d.seed_day = ${verificationSeed.day})::int`,
      sampled: sql<number>`(select count(*) from ${verificationDraw} d where d.seed_day = ${verificationSeed.day} and d.status = 'sampled')::int`,
    })
    .from(verificationSeed)
    .orderBy(desc(verificationSeed.day))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: await countRows(db, verificationSeed) };
}

/** Written with the decision's batch: the decision never reads it back. */
export function insertDraw(ctx: Ctx, row: DrawRow): void {
  ctx.batch.insert(verificationDraw, row);
}

/** Draws still waiting whose day's seed is now public, oldest first. */
export async function drawsReadyToDraw(db: Executor): Promise<{ draw: DrawRow; seed: string }[]> {
  const rows = await db
    .select({ draw: verificationDraw, seed: verificationSeed.seed })
    .from(verificationDraw)
    .innerJoin(verificationSeed, eq(verificationSeed.day, verificationDraw.seedDay))
    .where(and(eq(verificationDraw.status, 'pending'), isNotNull(verificationSeed.seed)))
    .orderBy(verificationDraw.decidedAt, verificationDraw.id);
  return rows.map((r) => ({ draw: r.draw, seed: r.seed! }));
}

/** Settles a draw once: a job running twice finds it no longer pending. */
export async function settleDraw(
  db: Executor,
  id: string,
  set: Pick<DrawRow, 'status' | 'digest' | 'value' | 'drawnAt' | 'taskId'>,
): Promise<boolean> {
  const rows = await db
    .update(verificationDraw)
    .set(set)
    .where(and(eq(verificationDraw.id, id), eq(verificationDraw.status, 'pending')))
    .returning({ id: verificationDraw.id });
  return rows.length > 0;
}

export async function findDraw(db: Executor, id: string) {
  const [row] = await db
    .select({ draw: verificationDraw, itemName: catalogVersion.name, seed: verificationSeed })
    .from(verificationDraw)
    .innerJoin(catalogVersion, eq(catalogVersion.id, verificationDraw.itemVersionId))
    .leftJoin(verificationSeed, eq(verificationSeed.day, verificationDraw.seedDay))
    .where(eq(verificationDraw.id, id));
  return row;
}

export async function listDraws(
  db: Executor,
  departmentId: string,
  status: DrawRow['status'] | undefined,
  page: number,
  pageSize: number,
) {
  const where = and(
    eq(verificationDraw.supervisingDepartmentId, departmentId),
    status ? eq(verificationDraw.status, status) : undefined,
  );
  const rows = await db
    .select({ draw: verificationDraw, itemName: catalogVersion.name })
    .from(verificationDraw)
    .innerJoin(catalogVersion, eq(catalogVersion.id, verificationDraw.itemVersionId))
    .where(where)
    .orderBy(desc(verificationDraw.decidedAt), verificationDraw.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: await countRows(db, verificationDraw, where) };
}

// ——— 陈述申辩 ———

export type NoticeRow = typeof defenceNotice.$inferSelect;

export const insertNotice = (db: Executor, values: typeof defenceNotice.$inferInsert) =>
  insertRow(db, defenceNotice, values);

export const findNoticeOfTask = (db: Executor, taskId: string) =>
  findBy(db, defenceNotice, defenceNotice.taskId, taskId);

export const findNotice = (db: Executor, id: string) => findById(db, defenceNotice, id);

/** Compare-and-set on the notice's version: a statement and a waiver sent at once cannot both land. */
export const updateNotice = (
  db: Executor,
  before: NoticeRow,
  set: Partial<typeof defenceNotice.$inferInsert>,
) => updateVersioned(db, defenceNotice, before, set);

export async function noticesOfParty(db: Executor, userId: string, page: number, pageSize: number) {
  const where = eq(defenceNotice.partyUserId, userId);
  const order = [desc(defenceNotice.issuedAt), defenceNotice.id];
  return pageRows(db, defenceNotice, where, order, { page, pageSize });
}

// ——— evidence and the case an inspector reads ———

export function insertEvidence(ctx: Ctx, values: typeof verificationEvidence.$inferInsert): void {
  ctx.batch.insert(verificationEvidence, values);
}

export async function evidenceOfTask(db: Executor, taskId: string) {
  return db
    .select({ evidence: verificationEvidence, file: uploadedFile })
    .from(verificationEvidence)
    .innerJoin(uploadedFile, eq(uploadedFile.id, verificationEvidence.fileId))
    .where(eq(verificationEvidence.taskId, taskId))
    .orderBy(verificationEvidence.seq);
}

export async function isEvidenceOf(db: Executor, taskId: string, fileId: string): Promise<boolean> {
  const [row] = await db
    .select({ seq: verificationEvidence.seq })
    .from(verificationEvidence)
    .where(and(eq(verificationEvidence.taskId, taskId), eq(verificationEvidence.fileId, fileId)))
    .limit(1);
  return row !== undefined;
}

export async function filesByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(uploadedFile).where(inArray(uploadedFile.id, ids));
}

export const decisionOf = (db: Executor, applicationId: string) =>
  findBy(db, decision, decision.applicationId, applicationId);

/** A provisional 陈述申辩 deadline moved when its year's arrangement is loaded (deadlines/recompute.ts). */
export async function setNoticeDeadline(db: Executor, taskId: string, deadline: string): Promise<void> {
  await db.update(defenceNotice).set({ deadline }).where(eq(defenceNotice.taskId, taskId));
}

/** Where a result sent back by a supervision system stands: matched to a task (received, processed) or not. */
export type InboundRow = typeof pushInboundResult.$inferSelect;

export async function setInboundStatus(
  db: Executor,
  id: string,
  status: InboundRow['status'],
): Promise<void> {
  await db.update(pushInboundResult).set({ status }).where(eq(pushInboundResult.id, id));
}
