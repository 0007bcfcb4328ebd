import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { findById, updateVersioned, windowedPage } from '../../db/rows';
import {
  assistanceRequest,
  pushSubscription,
  uploadedFile,
  userAccount,
  verificationTask,
} from '../../db/schema';

export type AssistanceRow = typeof assistanceRequest.$inferSelect;

export async function insertRequest(db: Executor, row: typeof assistanceRequest.$inferInsert) {
  const [inserted] = await db.insert(assistanceRequest).values(row).returning();
  return inserted!;
}

export const findRequest = (db: Executor, id: string) => findById(db, assistanceRequest, id);

/** The account that answered, where a person here did (a system that answered by push has none). */
const answerer = alias(userAccount, 'answerer');

/** Compare-and-set on the version: two answers at once, one wins. */
export const updateRequest = (
  db: Executor,
  before: AssistanceRow,
  set: Partial<typeof assistanceRequest.$inferInsert>,
) => updateVersioned(db, assistanceRequest, before, set);

export async function openRequestsOfTask(db: Executor, taskId: string): Promise<AssistanceRow[]> {
  return db
    .select()
    .from(assistanceRequest)
    .where(and(eq(assistanceRequest.taskId, taskId), eq(assistanceRequest.status, 'open')));
}

/** The requests a department asked or was asked, newest first, with what each side needs to read them. */
export async function requestsOfDepartment(
  db: Executor,
  departmentId: string,
  query: { taskId?: string; direction?: 'incoming' | 'outgoing'; page: number; pageSize: number },
) {
  const side =
    query.direction === 'incoming'
      ? eq(assistanceRequest.helperDepartmentId, departmentId)
      : query.direction === 'outgoing'
        ? eq(assistanceRequest.requestingDepartmentId, departmentId)
        : or(
            eq(assistanceRequest.requestingDepartmentId, departmentId),
            eq(assistanceRequest.helperDepartmentId, departmentId),
          );
  const read = (limit: number, offset: number) =>
    db
      .select({
        request: assistanceRequest,
        subjectName: verificationTask.subjectName,
        subjectCode: verificationTask.subjectCodeMasked,
        requesterName: userAccount.displayName,
        answererName: answerer.displayName,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(assistanceRequest)
      .innerJoin(verificationTask, eq(verificationTask.id, assistanceRequest.taskId))
      .leftJoin(userAccount, sql`${userAccount.id}::text = ${assistanceRequest.requestedById}`)
      .leftJoin(answerer, eq(answerer.username, assistanceRequest.answeredBy))
      .where(query.taskId ? and(side, eq(assistanceRequest.taskId, query.taskId)) : side)
      .orderBy(desc(assistanceRequest.createdAt), desc(assistanceRequest.id))
      .limit(limit)
      .offset(offset);
  return windowedPage(query, read);
}

/** Whether the department is another system reached through the push channel for assistance requests. */
export async function reachedByPush(db: Executor, departmentId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: pushSubscription.id })
    .from(pushSubscription)
    .where(
      and(
        eq(pushSubscription.departmentId, departmentId),
        eq(pushSubscription.active, true),
        sql`'assistance' = any(${pushSubscription.topics})`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The active staff of a department who handle assistance requests (who is told of one, and chased). */
export async function handlersOf(db: Executor, departmentId: string): Promise<{ id: string }[]> {
  return db
    .select({ id: userAccount.id })
    .from(userAccount)
    .where(
      and(
        eq(userAccount.departmentId, departmentId),
        eq(userAccount.kind, 'staff'),
        eq(userAccount.active, true),
        sql`${userAccount.roles} && array['supervision_admin', 'inspector', 'approver']::text[]`,
      ),
    );
}

export async function filesOwnedBy(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: uploadedFile.id,
      name: uploadedFile.name,
      digest: uploadedFile.digest,
      owner: uploadedFile.ownerUserId,
    })
    .from(uploadedFile)
    .where(inArray(uploadedFile.id, ids));
}
