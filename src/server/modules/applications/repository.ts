import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { ApplicationEvent, ApplicationStatus } from '../../../contracts/applications';
import type { Ctx } from '../../context';
import { type CappedTotal, cappedCount } from '../../db/capped-count';
import type { Executor } from '../../db/client';
import { rowsFromJson } from '../../db/json-rows';
import { preparedQuery } from '../../db/prepared';
import { findBy, findById, insertRow, preparedFindById, updateVersioned } from '../../db/rows';
import {
  application,
  applicationEvent,
  applicationFile,
  commitment,
  decision,
  fileBlob,
  license,
  missingMaterial,
  signingKey,
  uploadedFile,
  userAccount,
} from '../../db/schema';
import type { Pending } from '../../db/write-batch';

export type ApplicationRow = typeof application.$inferSelect;
export type NewApplication = typeof application.$inferInsert;
export type EventRow = typeof applicationEvent.$inferSelect;
export type CommitmentRow = typeof commitment.$inferSelect;
export type LicenseRow = typeof license.$inferSelect;
export type MissingRow = typeof missingMaterial.$inferSelect;
export type FileRow = typeof uploadedFile.$inferSelect;
export type SigningKeyRow = typeof signingKey.$inferSelect;

/** Written with the action's batch at commit: nothing in the same action reads it back. */
export function insertApplication(
  ctx: Ctx,
  values: Omit<
    ApplicationRow,
    | 'legalDeadline'
    | 'finalDueDate'
    | 'deadlinesProvisional'
    | 'submittedAt'
    | 'decidedAt'
    | 'elapsedMs'
    | 'workingDaysTaken'
    | 'deadlineWarnedAt'
  >,
): Pending<ApplicationRow> {
  const row: ApplicationRow = {
    ...values,
    legalDeadline: null,
    finalDueDate: null,
    deadlinesProvisional: false,
    submittedAt: null,
    decidedAt: null,
    elapsedMs: null,
    workingDaysTaken: null,
    deadlineWarnedAt: null,
  };
  return ctx.batch.insert(application, row);
}

export const findApplication = preparedFindById(application);

const applicationWithFiles = preparedQuery<
  { id: string; fileIds: string[] },
  (ApplicationRow & { files: Record<string, unknown>[]; publicKey: string | null })[]
>((db) =>
  db
    .select({
      ...getTableColumns(application),
      files: sql<Record<string, unknown>[]>`(select coalesce(json_agg(f), '[]'::json) from ${uploadedFile} f
        where f.id = any(${sql.placeholder('fileIds')}::uuid[]))`,
      publicKey: sql<string | null>`(select k.public_key from ${signingKey} k
        where k.user_id = ${application.applicantUserId})`,
    })
    .from(application)
    .where(eq(application.id, sql.placeholder('id'))),
);

/**
 * The application, the uploaded files a submission names and the public key its applicant has bound, in one
 * round trip (each submission and each draft reads all three). The key is read, never cached: one replaced
 * through another server process must not be accepted here a moment longer.
 */
export async function findApplicationWithFiles(
  db: Executor,
  id: string,
  fileIds: string[],
): Promise<{ app: ApplicationRow; files: FileRow[]; publicKey: string | null } | undefined> {
  const [found] = await applicationWithFiles(db, { id, fileIds });
  if (!found) return undefined;
  const { files, publicKey, ...app } = found;
  return { app, files: rowsFromJson(uploadedFile, files), publicKey };
}

/**
 * Compare-and-set on status and version: of two clerks acting at once, the second finds zero rows
 * (PostgreSQL re-evaluates the WHERE after the first commits) and gets a conflict.
 */
export async function updateApplication(
  db: Executor,
  id: string,
  expect: { status: ApplicationStatus; version: number },
  set: Partial<NewApplication>,
): Promise<ApplicationRow | undefined> {
  return updateVersioned(
    db,
    application,
    { id, version: expect.version },
    set,
    eq(application.status, expect.status),
  );
}

/** History is append-only and never read back by the action that writes it: batched. */
export function appendEvent(
  ctx: Ctx,
  values: {
    applicationId: string;
    seq: number;
    event: ApplicationEvent;
    fromStatus: ApplicationStatus | null;
    toStatus: ApplicationStatus;
    actorId: string | null;
    actorName: string | null;
    comment: string | null;
    at: Date;
  },
): void {
  ctx.batch.insert(applicationEvent, values);
}

export async function listEvents(db: Executor, applicationId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(applicationEvent)
    .where(eq(applicationEvent.applicationId, applicationId))
    .orderBy(asc(applicationEvent.seq));
}

/** Which applications a list shows; absent fields do not narrow it. */
export type ApplicationFilter = {
  applicantUserId?: string;
  departmentId?: string;
  status?: ApplicationStatus;
};

export async function listApplications(
  db: Executor,
  filter: ApplicationFilter,
  order: 'queue' | 'recent',
  page: number,
  pageSize: number,
): Promise<{ rows: ApplicationRow[] } & CappedTotal> {
  const orderBy =
    order === 'queue'
      ? [desc(application.greenChannel), asc(application.submittedAt), asc(application.createdAt)]
      : [desc(application.createdAt)];
  const where = and(
    filter.applicantUserId ? eq(application.applicantUserId, filter.applicantUserId) : undefined,
    filter.departmentId ? eq(application.departmentId, filter.departmentId) : undefined,
    filter.status ? eq(application.status, filter.status) : undefined,
  );
  const rows = await db
    .select()
    .from(application)
    .where(where)
    .orderBy(...orderBy)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, ...(await cappedCount(db, application, where)) };
}

export function attachFiles(
  ctx: Ctx,
  rows: { applicationId: string; fileId: string; purpose: string }[],
): void {
  if (!rows.length) return;
  ctx.batch.insert(applicationFile, rows, { ignoreDuplicates: true });
}

export async function applicationsOfFile(db: Executor, fileId: string): Promise<ApplicationRow[]> {
  return db
    .select({ a: application })
    .from(applicationFile)
    .innerJoin(application, eq(application.id, applicationFile.applicationId))
    .where(eq(applicationFile.fileId, fileId))
    .then((rows) => rows.map((r) => r.a));
}

type NewCommitment = Omit<
  CommitmentRow,
  'id' | 'signature' | 'publicKey' | 'algorithm' | 'recordedBy' | 'scanFileId' | 'code'
> &
  Partial<CommitmentRow>;

export function insertCommitment(ctx: Ctx, values: NewCommitment): Pending<CommitmentRow> {
  const row: CommitmentRow = {
    id: randomUUID(),
    signature: null,
    publicKey: null,
    algorithm: null,
    recordedBy: null,
    scanFileId: null,
    code: null,
    ...values,
  };
  return ctx.batch.insert(commitment, row);
}

export async function findCommitment(
  db: Executor,
  applicationId: string,
): Promise<CommitmentRow | undefined> {
  const [row] = await db.select().from(commitment).where(eq(commitment.applicationId, applicationId));
  return row;
}

export async function listPublishedCommitments(db: Executor, limit: number, offset: number) {
  return db
    .select({
      number: application.number,
      subjectKind: application.subjectKind,
      subjectName: application.subjectName,
      agentName: application.agentName,
      itemVersionId: application.itemVersionId,
      text: commitment.text,
      signedAt: commitment.signedAt,
    })
    .from(commitment)
    .innerJoin(application, eq(application.id, commitment.applicationId))
    .where(and(eq(commitment.published, true), eq(application.status, 'approved')))
    .orderBy(desc(commitment.signedAt))
    .limit(limit)
    .offset(offset);
}

export const findSigningKey = async (db: Executor, userId: string) =>
  (await db.select().from(signingKey).where(eq(signingKey.userId, userId)))[0];

/** Binds (or replaces) the account's public key; the row as stored comes back. */
export async function upsertSigningKey(db: Executor, values: typeof signingKey.$inferInsert) {
  const [row] = await db
    .insert(signingKey)
    .values(values)
    .onConflictDoUpdate({
      target: signingKey.userId,
      set: { publicKey: values.publicKey, createdAt: values.createdAt },
    })
    .returning();
  return row!;
}

export function insertDecision(ctx: Ctx, values: typeof decision.$inferInsert): void {
  ctx.batch.insert(decision, values);
}

export function insertLicense(
  ctx: Ctx,
  values: Omit<LicenseRow, 'id' | 'revokedAt' | 'revocationReason' | 'supersededAt' | 'supersededById'>,
): Pending<LicenseRow> {
  const row: LicenseRow = {
    id: randomUUID(),
    revokedAt: null,
    revocationReason: null,
    supersededAt: null,
    supersededById: null,
    ...values,
  };
  return ctx.batch.insert(license, row);
}

/** A license with the number of the application that decided it (its 决定文书号 when pushed again). */
export type StandingLicense = LicenseRow & { applicationNumber: string };

const standingLicensesQuery = preparedQuery<{ itemId: string; lookup: string }, StandingLicense[]>((db) =>
  db
    .select({ ...getTableColumns(license), applicationNumber: application.number })
    .from(license)
    .innerJoin(application, eq(application.id, license.applicationId))
    .where(
      and(
        eq(license.itemId, sql.placeholder('itemId')),
        eq(license.holderLookup, sql.placeholder('lookup')),
        isNull(license.revokedAt),
        isNull(license.supersededAt),
      ),
    ),
);

/**
 * A subject's licenses of one item that nothing has ended yet (neither revoked nor replaced), expired ones
 * included: the caller tells live from expired by today's date (read on every start and decision).
 */
export function standingLicenses(
  db: Executor,
  itemId: string,
  holderLookup: string,
): Promise<StandingLicense[]> {
  return standingLicensesQuery(db, { itemId, lookup: holderLookup });
}

/** Revokes the license an application issued, if it issued one. */
export async function revokeLicenseOf(
  db: Executor,
  applicationId: string,
  at: Date,
  reason: string,
): Promise<LicenseRow | undefined> {
  const [row] = await db
    .update(license)
    .set({ revokedAt: at, revocationReason: reason })
    .where(eq(license.applicationId, applicationId))
    .returning();
  return row;
}

export const findLicense = (db: Executor, id: string) => findById(db, license, id);

export const findLicenseByNumber = (db: Executor, number: string) =>
  findBy(db, license, license.number, number);

/**
 * Marks a license replaced by a later one, only if nothing ended it meanwhile: of two renewals of one
 * license decided at once, the second finds zero rows.
 */
export async function markLicenseSuperseded(
  db: Executor,
  id: string,
  byId: string,
  now: Date,
): Promise<LicenseRow | undefined> {
  const [row] = await db
    .update(license)
    .set({ supersededAt: now, supersededById: byId })
    .where(and(eq(license.id, id), isNull(license.revokedAt), isNull(license.supersededAt)))
    .returning();
  return row;
}

/** Licenses issued before they named their item get it from their application (start-up, idempotent). */
export async function backfillLicenseItems(db: Executor): Promise<void> {
  await db.execute(
    sql`update license l set item_id = a.item_id from application a
        where a.id = l.application_id and l.item_id is null`,
  );
}

export async function licensesOf(db: Executor, applicationIds: string[]): Promise<Map<string, LicenseRow>> {
  if (!applicationIds.length) return new Map();
  const rows = await db.select().from(license).where(inArray(license.applicationId, applicationIds));
  return new Map(rows.map((r) => [r.applicationId, r]));
}

export async function licensesOfApplicant(db: Executor, userId: string): Promise<LicenseRow[]> {
  return db
    .select({ l: license })
    .from(license)
    .innerJoin(application, eq(application.id, license.applicationId))
    .where(eq(application.applicantUserId, userId))
    .orderBy(desc(license.issuedAt))
    .then((rows) => rows.map((r) => r.l));
}

export async function insertMissing(
  db: Executor,
  rows: (typeof missingMaterial.$inferInsert)[],
): Promise<void> {
  if (rows.length) await db.insert(missingMaterial).values(rows);
}

export async function missingOf(db: Executor, applicationIds: string[]): Promise<Map<string, MissingRow[]>> {
  const out = new Map<string, MissingRow[]>();
  if (!applicationIds.length) return out;
  const rows = await db
    .select()
    .from(missingMaterial)
    .where(inArray(missingMaterial.applicationId, applicationIds))
    .orderBy(asc(missingMaterial.dueDate), asc(missingMaterial.name));
  for (const r of rows) out.set(r.applicationId, [...(out.get(r.applicationId) ?? []), r]);
  return out;
}

export async function markSupplied(
  db: Executor,
  applicationId: string,
  name: string,
  fileId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(missingMaterial)
    .set({ suppliedAt: now, fileId })
    .where(
      and(
        eq(missingMaterial.applicationId, applicationId),
        eq(missingMaterial.name, name),
        isNull(missingMaterial.suppliedAt),
      ),
    )
    .returning({ id: missingMaterial.id });
  return rows.length > 0;
}

export async function setFinalDue(db: Executor, applicationId: string, finalDueDate: string): Promise<void> {
  await db
    .update(missingMaterial)
    .set({ finalDueDate })
    .where(and(eq(missingMaterial.applicationId, applicationId), isNull(missingMaterial.suppliedAt)));
}

export async function insertBlob(db: Executor, values: typeof fileBlob.$inferInsert): Promise<void> {
  await db.insert(fileBlob).values(values).onConflictDoNothing();
}

export const insertFile = (db: Executor, values: typeof uploadedFile.$inferInsert) =>
  insertRow(db, uploadedFile, values);

const filesById = preparedQuery<{ ids: string[] }, FileRow[]>((db) =>
  db
    .select()
    .from(uploadedFile)
    .where(sql`${uploadedFile.id} = any(${sql.placeholder('ids')}::uuid[])`),
);

export async function findFiles(db: Executor, ids: string[]): Promise<FileRow[]> {
  if (!ids.length) return [];
  return filesById(db, { ids });
}

export async function readFileContent(db: Executor, id: string) {
  const [row] = await db
    .select({ file: uploadedFile, content: fileBlob.content })
    .from(uploadedFile)
    .innerJoin(fileBlob, eq(fileBlob.digest, uploadedFile.digest))
    .where(eq(uploadedFile.id, id));
  return row;
}

export async function approverIdsOf(db: Executor, departmentId: string): Promise<string[]> {
  const rows = await db
    .select({ id: userAccount.id })
    .from(userAccount)
    .where(
      and(
        eq(userAccount.departmentId, departmentId),
        eq(userAccount.active, true),
        sql`'approver' = any(${userAccount.roles})`,
      ),
    );
  return rows.map((r) => r.id);
}

/** Claims the pre-due reminder of the still-missing materials; returns the names only to the first caller. */
export async function claimReminder(db: Executor, applicationId: string, now: Date): Promise<MissingRow[]> {
  return db
    .update(missingMaterial)
    .set({ remindedAt: now })
    .where(
      and(
        eq(missingMaterial.applicationId, applicationId),
        isNull(missingMaterial.suppliedAt),
        isNull(missingMaterial.remindedAt),
      ),
    )
    .returning();
}

export async function claimDeadlineWarning(db: Executor, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(application)
    .set({ deadlineWarnedAt: now })
    .where(and(eq(application.id, id), isNull(application.deadlineWarnedAt)))
    .returning({ id: application.id });
  return rows.length > 0;
}
