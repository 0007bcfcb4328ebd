import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { VerificationStatus } from '../../../contracts/verification';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/client';
import { preparedQuery } from '../../db/prepared';
import {
  catalogVersion,
  creditCheck,
  userAccount,
  verificationEvent,
  verificationTask,
} from '../../db/schema';

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
  >,
): TaskRow {
  const row: TaskRow = {
    id: randomUUID(),
    inspectorIds: [],
    rectificationDueDate: null,
    revocationReason: null,
    referredToJudicial: false,
    closedAt: null,
    version: 1,
    ...values,
  };
  ctx.batch.insert(verificationTask, row);
  return row;
}

export async function findTask(db: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(verificationTask).where(eq(verificationTask.id, id));
  return row;
}

export async function tasksOfApplication(db: Executor, applicationId: string): Promise<TaskRow[]> {
  return db.select().from(verificationTask).where(eq(verificationTask.applicationId, applicationId));
}

/**
 * Moves a task only if nobody moved it since it was read: of two inspectors acting at once exactly one
 * matches `version`, the other gets undefined and a conflict.
 */
export async function updateTask(
  db: Executor,
  before: TaskRow,
  set: Partial<typeof verificationTask.$inferInsert>,
): Promise<TaskRow | undefined> {
  const [row] = await db
    .update(verificationTask)
    .set({ ...set, version: before.version + 1 })
    .where(and(eq(verificationTask.id, before.id), eq(verificationTask.version, before.version)))
    .returning();
  return row;
}

/** History, batched: the steps of one action keep their order (one multi-row insert). */
export function appendTaskEvent(ctx: Ctx, values: typeof verificationEvent.$inferInsert): void {
  ctx.batch.insert(verificationEvent, values);
}

export async function listTaskEvents(db: Executor, taskId: string) {
  return db
    .select()
    .from(verificationEvent)
    .where(eq(verificationEvent.taskId, taskId))
    .orderBy(verificationEvent.seq);
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
  const [total] = await db.select({ n: count() }).from(verificationTask).where(where);
  return { rows, total: Number(total?.n ?? 0) };
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

/** The grade a recorded credit check found; verification intensity follows it (004). */
export async function gradeOfCheck(db: Executor, checkId: string): Promise<string | null> {
  const [row] = await db
    .select({ grade: creditCheck.grade })
    .from(creditCheck)
    .where(eq(creditCheck.id, checkId));
  return row?.grade?.value ?? null;
}
