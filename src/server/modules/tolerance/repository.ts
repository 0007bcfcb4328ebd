import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { findBy, insertUnlessConflict, windowedPage } from '../../db/rows';
import {
  application,
  applicationEvent,
  auditLog,
  catalogVersion,
  toleranceReview,
  userAccount,
  verificationTask,
} from '../../db/schema';

export type ReviewRow = typeof toleranceReview.$inferSelect;

/** A text id as a uuid, or null where it is none (an actor that is a token's name, a case kept elsewhere). */
function asUuid(text: SQL | typeof verificationTask.applicationId): SQL<string | null> {
  return sql`case when ${text} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (${text})::uuid end`;
}

/**
 * The register in one query: each revoked case with its application, item, review and the official
 * concerned (case-file.ts `officialOf`: whoever approved by hand, else whoever published the item version),
 * named by the staff account's display name. `officialUserId` narrows it to one official's own cases.
 * Cases kept outside this system (pushed in by number only) have no application here and no file.
 */
export async function registerCases(
  db: Executor,
  officialUserId: string | null,
  page: { page: number; pageSize: number },
) {
  const approvedBy = sql`(select ${applicationEvent.actorId} from ${applicationEvent}
    where ${applicationEvent.applicationId} = ${application.id} and ${applicationEvent.event} = 'approve'
      and ${applicationEvent.actorId} is not null
    order by ${applicationEvent.seq} limit 1)`;
  const publishedBy = sql`(select ${auditLog.actorId} from ${auditLog}
    where ${auditLog.action} = 'catalog.version_publish' and ${auditLog.targetType} = 'catalog_version'
      and ${auditLog.targetId} = ${verificationTask.itemVersionId}::text
    order by ${auditLog.id} desc limit 1)`;
  const cases = db.$with('tolerance_case').as(
    db
      .select({
        taskId: verificationTask.id,
        subjectName: verificationTask.subjectName,
        revokedAt: verificationTask.closedAt,
        applicationNumber: application.number,
        itemName: catalogVersion.name,
        outcome: toleranceReview.outcome,
        officialId: asUuid(sql`coalesce(${approvedBy}, ${publishedBy})`).as('official_id'),
      })
      .from(verificationTask)
      .innerJoin(application, eq(application.id, asUuid(verificationTask.applicationId)))
      .innerJoin(catalogVersion, eq(catalogVersion.id, verificationTask.itemVersionId))
      .leftJoin(toleranceReview, eq(toleranceReview.taskId, verificationTask.id))
      .where(eq(verificationTask.status, 'revoked')),
  );
  const read = (limit: number, offset: number) =>
    db
      .with(cases)
      .select({
        taskId: cases.taskId,
        subjectName: cases.subjectName,
        revokedAt: cases.revokedAt,
        applicationNumber: cases.applicationNumber,
        itemName: cases.itemName,
        outcome: cases.outcome,
        officialId: userAccount.id,
        officialName: userAccount.displayName,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(cases)
      .leftJoin(userAccount, and(eq(userAccount.id, cases.officialId), eq(userAccount.kind, 'staff')))
      .where(officialUserId ? eq(userAccount.id, officialUserId) : undefined)
      .orderBy(desc(cases.revokedAt), desc(cases.taskId))
      .limit(limit)
      .offset(offset);
  return windowedPage(page, read);
}

/** The audit rows about the case's application, credit check and verification task, in the order written. */
export async function auditRowsOf(db: Executor, targets: { type: string; id: string }[]) {
  const ids = targets.map((t) => t.id);
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: auditLog.actorName,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      after: auditLog.after,
    })
    .from(auditLog)
    .where(inArray(auditLog.targetId, ids))
    .orderBy(asc(auditLog.id));
  // A target id is unique only with its type.
  return rows.filter((r) => targets.some((t) => t.type === r.targetType && t.id === r.targetId));
}

/** Who published an item version, from the audit trail: the person answerable for a decision no one took by hand. */
export async function publisherOf(db: Executor, versionId: string) {
  const [row] = await db
    .select({ actorId: auditLog.actorId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'catalog.version_publish'),
        eq(auditLog.targetType, 'catalog_version'),
        eq(auditLog.targetId, versionId),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row?.actorId ?? null;
}

export async function staffName(db: Executor, id: string) {
  const [row] = await db
    .select({ id: userAccount.id, name: userAccount.displayName, kind: userAccount.kind })
    .from(userAccount)
    .where(eq(userAccount.id, id));
  return row?.kind === 'staff' ? row : undefined;
}

/** People's names as the case file shows them, for the accounts that acted (a login name is not a person). */
export async function displayNames(db: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null && UUID.test(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: userAccount.id, name: userAccount.displayName })
    .from(userAccount)
    .where(inArray(userAccount.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const findReview = (db: Executor, taskId: string) =>
  findBy(db, toleranceReview, toleranceReview.taskId, taskId);

/** One review per case: a second is refused by the unique key (returns undefined). */
export const insertReview = (db: Executor, row: ReviewRow) => insertUnlessConflict(db, toleranceReview, row);
