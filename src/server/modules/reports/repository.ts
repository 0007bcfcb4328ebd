import { and, count, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/client';
import { updateWhileNull } from '../../db/rows';
import {
  application,
  catalogVersion,
  commitment,
  license,
  publicReport,
  verificationTask,
} from '../../db/schema';

export type ReportRow = typeof publicReport.$inferSelect;

/** Written with the action's batch, after the task it names. */
export function insertReport(ctx: Ctx, row: ReportRow): void {
  ctx.batch.insert(publicReport, row);
}

/** What the public may report on: a commitment published (公示) on an approved case, or a license. */
export async function reportableApplication(db: Executor, reference: string): Promise<string | undefined> {
  const [published] = await db
    .select({ id: application.id })
    .from(application)
    .innerJoin(commitment, eq(commitment.applicationId, application.id))
    .where(
      and(
        eq(application.number, reference),
        eq(commitment.published, true),
        eq(application.status, 'approved'),
      ),
    );
  if (published) return published.id;
  const [lic] = await db
    .select({ id: license.applicationId })
    .from(license)
    .where(and(eq(license.number, reference), isNull(license.revokedAt)));
  return lic?.id;
}

const withTask = {
  report: publicReport,
  taskStatus: verificationTask.status,
  subjectName: verificationTask.subjectName,
  itemName: catalogVersion.name,
  applicationNumber: application.number,
};

function joined(db: Executor) {
  return db
    .select(withTask)
    .from(publicReport)
    .innerJoin(verificationTask, eq(verificationTask.id, publicReport.taskId))
    .innerJoin(catalogVersion, eq(catalogVersion.id, verificationTask.itemVersionId))
    .innerJoin(application, eq(application.id, publicReport.applicationId));
}
export type JoinedReport = Awaited<ReturnType<typeof reportByReceipt>>;

export async function reportByReceipt(db: Executor, receiptNumber: string) {
  const [row] = await joined(db).where(eq(publicReport.receiptNumber, receiptNumber));
  return row;
}

export async function reportById(db: Executor, id: string) {
  const [row] = await joined(db).where(eq(publicReport.id, id));
  return row;
}

export async function reportsOfDepartment(db: Executor, departmentId: string) {
  return joined(db)
    .where(eq(publicReport.supervisingDepartmentId, departmentId))
    .orderBy(desc(publicReport.createdAt), desc(publicReport.id))
    .limit(200);
}

export async function closeReport(
  db: Executor,
  id: string,
  set: { closedReason: string; closedBy: string | null; closedAt: Date },
) {
  return updateWhileNull(db, publicReport, id, publicReport.closedAt, set);
}

/** Reports by the status of their task and whether they were closed: the state is derived from these. */
export async function reportCounts(
  db: Executor,
  departmentId: string | null,
  received?: { a: Date; b: Date },
) {
  return db
    .select({
      taskStatus: verificationTask.status,
      closed: sql<boolean>`${publicReport.closedAt} is not null`,
      n: count(),
    })
    .from(publicReport)
    .innerJoin(verificationTask, eq(verificationTask.id, publicReport.taskId))
    .where(
      and(
        departmentId ? eq(publicReport.supervisingDepartmentId, departmentId) : undefined,
        received ? gte(publicReport.createdAt, received.a) : undefined,
        received ? lt(publicReport.createdAt, received.b) : undefined,
      ),
    )
    .groupBy(verificationTask.status, sql`${publicReport.closedAt} is not null`);
}
