import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../context';
import { type CappedTotal, cappedCount } from '../../db/capped-count';
import { type Executor, queryRows } from '../../db/client';
import { rowsFromJson } from '../../db/json-rows';
import { preparedQuery } from '../../db/prepared';
import {
  findBy,
  findById,
  insertRow,
  insertRows,
  insertUnlessConflict,
  listRows,
  rowsById,
  updateIfStatus,
} from '../../db/rows';
import {
  creditCheck,
  creditGrade,
  creditImportJob,
  creditObjection,
  creditRecord,
  creditRecordEvent,
  creditRepairRequest,
  creditSubject,
  department,
  eligibilityPolicy,
  userAccount,
} from '../../db/schema';
import type { Pending } from '../../db/write-batch';

export type SubjectRow = typeof creditSubject.$inferSelect;
export type RecordRow = typeof creditRecord.$inferSelect;
export type GradeRow = typeof creditGrade.$inferSelect;
export type PolicyRow = typeof eligibilityPolicy.$inferSelect;
export type CheckRow = typeof creditCheck.$inferSelect;
export type RepairRow = typeof creditRepairRequest.$inferSelect;
export type ObjectionRow = typeof creditObjection.$inferSelect;

const subjectByUscc = preparedQuery<{ uscc: string }, SubjectRow[]>((db) =>
  db
    .select()
    .from(creditSubject)
    .where(eq(creditSubject.uscc, sql.placeholder('uscc'))),
);
const subjectByResidentHash = preparedQuery<{ hash: string }, SubjectRow[]>((db) =>
  db
    .select()
    .from(creditSubject)
    .where(eq(creditSubject.residentIdHash, sql.placeholder('hash'))),
);

/** A subject with its local credit file, as every credit check reads it. */
export type SubjectFile = { row: SubjectRow; records: RecordRow[]; grades: GradeRow[] };

/**
 * The subject, its records (newest decision first) and its grades (newest first) in one statement instead
 * of three: a credit check runs on every application, and each round trip costs both sides more CPU than
 * these few rows do. The outer table is named in full: drizzle writes a column of the only table selected
 * from without its table, which inside the subquery would mean the inner row's own column.
 */
const subjectFileWhere = (where: SQL) =>
  preparedQuery<Record<string, string>, (SubjectRow & { records: unknown[]; grades: unknown[] })[]>((db) =>
    db
      .select({
        ...getTableColumns(creditSubject),
        records: sql<unknown[]>`(select coalesce(json_agg(r order by r.decided_on desc, r.id), '[]'::json)
          from ${creditRecord} r where r.subject_id = credit_subject.id)`,
        grades: sql<
          unknown[]
        >`(select coalesce(json_agg(g order by g.graded_on desc, g.created_at desc), '[]'::json)
          from ${creditGrade} g where g.subject_id = credit_subject.id)`,
      })
      .from(creditSubject)
      .where(where),
  );
const subjectFileByUscc = subjectFileWhere(eq(creditSubject.uscc, sql.placeholder('code')));
const subjectFileByResidentHash = subjectFileWhere(eq(creditSubject.residentIdHash, sql.placeholder('code')));

/** `code` is the USCC, or for a person the lookup hash of the resident ID. */
export async function findSubjectFile(
  db: Executor,
  by: 'uscc' | 'residentHash',
  code: string,
): Promise<SubjectFile | undefined> {
  const [found] = await (by === 'uscc' ? subjectFileByUscc : subjectFileByResidentHash)(db, { code });
  if (!found) return undefined;
  const { records, grades, ...row } = found;
  return {
    row,
    records: rowsFromJson(creditRecord, records as Record<string, unknown>[]),
    grades: newestPerScale(rowsFromJson(creditGrade, grades as Record<string, unknown>[])),
  };
}

export async function findSubjectByUscc(db: Executor, uscc: string): Promise<SubjectRow | undefined> {
  const [row] = await subjectByUscc(db, { uscc });
  return row;
}

export async function findSubjectByResidentHash(db: Executor, hash: string): Promise<SubjectRow | undefined> {
  const [row] = await subjectByResidentHash(db, { hash });
  return row;
}

export const findSubject = (db: Executor, id: string) => findById(db, creditSubject, id);

export const subjectsById = (db: Executor, ids: string[]) => rowsById(db, creditSubject, ids);

/** Inserts unless the code is already known (two checks of a new subject may race); returns the row. */
export const insertSubject = (db: Executor, values: typeof creditSubject.$inferInsert) =>
  insertUnlessConflict(db, creditSubject, values);

export async function listSubjects(db: Executor): Promise<SubjectRow[]> {
  return db.select().from(creditSubject).orderBy(asc(creditSubject.createdAt), asc(creditSubject.id));
}

export const insertRecord = (db: Executor, values: typeof creditRecord.$inferInsert) =>
  insertRow(db, creditRecord, values);

export const findRecord = (db: Executor, id: string) => findById(db, creditRecord, id);

export const findRecordByEventKey = (db: Executor, key: string) =>
  findBy(db, creditRecord, creditRecord.eventKey, key);

const subjectRecords = preparedQuery<{ subjectId: string }, RecordRow[]>((db) =>
  db
    .select()
    .from(creditRecord)
    .where(eq(creditRecord.subjectId, sql.placeholder('subjectId')))
    .orderBy(desc(creditRecord.decidedOn), asc(creditRecord.id)),
);

/** Read by every credit check. */
export function recordsOfSubject(db: Executor, subjectId: string): Promise<RecordRow[]> {
  return subjectRecords(db, { subjectId });
}

export async function recordsOfSubjects(db: Executor, subjectIds: string[]): Promise<RecordRow[]> {
  if (!subjectIds.length) return [];
  return db.select().from(creditRecord).where(inArray(creditRecord.subjectId, subjectIds));
}

export async function listRecords(
  db: Executor,
  f: { subjectId?: string; kind?: string; status?: string },
  page: number,
  pageSize: number,
): Promise<{ rows: RecordRow[]; total: number }> {
  const where = and(
    f.subjectId ? eq(creditRecord.subjectId, f.subjectId) : undefined,
    f.kind ? eq(creditRecord.kind, f.kind as RecordRow['kind']) : undefined,
    f.status ? eq(creditRecord.status, f.status as RecordRow['status']) : undefined,
  );
  const rows = await db
    .select()
    .from(creditRecord)
    .where(where)
    .orderBy(desc(creditRecord.createdAt), asc(creditRecord.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, ...(await cappedCount(db, creditRecord, where)) };
}

/** Compare-and-set on the record's status and objection flag: zero rows is a conflict. */
export async function updateRecord(
  db: Executor,
  id: string,
  expect: { status: RecordRow['status']; underObjection: boolean },
  set: Partial<typeof creditRecord.$inferInsert>,
): Promise<RecordRow | undefined> {
  const [row] = await db
    .update(creditRecord)
    .set(set)
    .where(
      and(
        eq(creditRecord.id, id),
        eq(creditRecord.status, expect.status),
        eq(creditRecord.underObjection, expect.underObjection),
      ),
    )
    .returning();
  return row;
}

export type RecordEventRow = typeof creditRecordEvent.$inferSelect;

/** One step of a record's history, in the transaction of the change itself. */
export const insertRecordEvent = (db: Executor, values: typeof creditRecordEvent.$inferInsert) =>
  insertRows(db, creditRecordEvent, values);

export function recordEvents(db: Executor, recordId: string): Promise<RecordEventRow[]> {
  return listRows(
    db,
    creditRecordEvent,
    eq(creditRecordEvent.recordId, recordId),
    asc(creditRecordEvent.seq),
  );
}

export const insertGrade = (db: Executor, values: typeof creditGrade.$inferInsert) =>
  insertRow(db, creditGrade, values);

const gradesOfSubjects = preparedQuery<{ ids: string[] }, GradeRow[]>((db) =>
  db
    .select()
    .from(creditGrade)
    .where(sql`${creditGrade.subjectId} = any(${sql.placeholder('ids')}::uuid[])`)
    .orderBy(desc(creditGrade.gradedOn), desc(creditGrade.createdAt)),
);

/** The newest grade of each scale for the subjects given (read by every credit check). */
export async function latestGrades(db: Executor, subjectIds: string[]): Promise<GradeRow[]> {
  if (!subjectIds.length) return [];
  return newestPerScale(await gradesOfSubjects(db, { ids: subjectIds }));
}

/** Of grades ordered newest first, the first of each subject and scale. */
function newestPerScale(rows: GradeRow[]): GradeRow[] {
  const seen = new Set<string>();
  return rows.filter((g) => {
    const k = `${g.subjectId}|${g.scale}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Undefined when another draft or the same version number got there first (unique indexes). */
export const insertPolicy = (db: Executor, values: typeof eligibilityPolicy.$inferInsert) =>
  insertUnlessConflict(db, eligibilityPolicy, values);

export const findPolicy = (db: Executor, id: string) => findById(db, eligibilityPolicy, id);

export const policiesById = (db: Executor, ids: string[]) => rowsById(db, eligibilityPolicy, ids);

export async function listPolicies(db: Executor): Promise<PolicyRow[]> {
  return db
    .select()
    .from(eligibilityPolicy)
    .orderBy(asc(eligibilityPolicy.code), desc(eligibilityPolicy.version));
}

export async function publishedPolicies(db: Executor): Promise<PolicyRow[]> {
  return db.select().from(eligibilityPolicy).where(eq(eligibilityPolicy.status, 'published'));
}

/** Changes whenever the set of published policy versions does. */
export async function publishedPolicyKey(db: Executor): Promise<string> {
  const [row] = await db
    .select({
      key: sql<string>`coalesce(string_agg(${eligibilityPolicy.id}::text, ',' order by ${eligibilityPolicy.id}), '')`,
    })
    .from(eligibilityPolicy)
    .where(eq(eligibilityPolicy.status, 'published'));
  return row?.key ?? '';
}

export async function publishedPolicyByCode(db: Executor, code: string): Promise<PolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(eligibilityPolicy)
    .where(and(eq(eligibilityPolicy.code, code), eq(eligibilityPolicy.status, 'published')));
  return row;
}

export async function nextPolicyVersion(db: Executor, code: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${eligibilityPolicy.version}), 0)::int` })
    .from(eligibilityPolicy)
    .where(eq(eligibilityPolicy.code, code));
  return Number(r?.n ?? 0) + 1;
}

export async function setPolicyStatus(
  db: Executor,
  id: string,
  from: PolicyRow['status'],
  to: PolicyRow['status'],
  publishedAt?: Date,
): Promise<PolicyRow | undefined> {
  return updateIfStatus(db, eligibilityPolicy, id, from, {
    status: to,
    ...(publishedAt ? { publishedAt } : {}),
  });
}

/** Written with the action's batch at commit: a check is never read back by the action that makes it. */
export function insertCheck(ctx: Ctx, values: Omit<CheckRow, 'id'>): Pending<CheckRow> {
  const row: CheckRow = { id: randomUUID(), ...values };
  return ctx.batch.insert(creditCheck, row);
}

export const findCheck = (db: Executor, id: string) => findById(db, creditCheck, id);

export async function checksOfSubject(db: Executor, subjectId: string): Promise<CheckRow[]> {
  return listRows(db, creditCheck, eq(creditCheck.subjectId, subjectId), desc(creditCheck.checkedAt));
}

export async function checksOfApplication(db: Executor, applicationId: string): Promise<CheckRow[]> {
  return listRows(
    db,
    creditCheck,
    eq(creditCheck.applicationId, applicationId),
    asc(creditCheck.checkedAt),
    asc(creditCheck.id),
  );
}

/** The latest check per subject, for simulating a draft policy against past checks. */
export async function latestChecks(db: Executor, limit: number): Promise<CheckRow[]> {
  return db.select().from(creditCheck).orderBy(desc(creditCheck.checkedAt), asc(creditCheck.id)).limit(limit);
}

/** Undefined when the record already has a pending request (two requests racing). */
export const insertRepair = (db: Executor, values: typeof creditRepairRequest.$inferInsert) =>
  insertUnlessConflict(db, creditRepairRequest, values);

export const findRepair = (db: Executor, id: string) => findById(db, creditRepairRequest, id);

export const insertObjection = (db: Executor, values: typeof creditObjection.$inferInsert) =>
  insertRow(db, creditObjection, values);

export const findObjection = (db: Executor, id: string) => findById(db, creditObjection, id);

/**
 * Repair requests and objections are handled alike: each is pending until the credit department decides
 * it (compare-and-set on the status, so of two officers one decides), and they are listed by the day
 * they are due, the earliest filed first.
 */
function pendingCases<T extends typeof creditRepairRequest | typeof creditObjection>(
  table: T,
  filedAt: AnyPgColumn,
) {
  type Row = T['$inferSelect'];
  return {
    list: (db: Executor, status?: Row['status']): Promise<Row[]> =>
      listRows(db, table, status ? eq(table.status, status) : undefined, asc(table.dueOn), asc(filedAt)),
    decide: (db: Executor, id: string, set: Partial<T['$inferInsert']>): Promise<Row | undefined> =>
      updateIfStatus(db, table, id, 'pending', set),
  };
}

const repairs = pendingCases(creditRepairRequest, creditRepairRequest.requestedAt);
export const listRepairs = repairs.list;
export const decideRepairRow = repairs.decide;

const objections = pendingCases(creditObjection, creditObjection.raisedAt);
export const listObjections = objections.list;
export const decideObjectionRow = objections.decide;

/** Dishonesty records the public may read: active, marked for disclosure, inside their publicity period. */
export async function publishedRecords(
  db: Executor,
  today: string,
  page: number,
  pageSize: number,
): Promise<{ rows: { record: RecordRow; subject: SubjectRow }[] } & CappedTotal> {
  const where = and(
    eq(creditRecord.status, 'active'),
    eq(creditRecord.published, true),
    notInArray(creditRecord.kind, ['red_list', 'tax_credit_a', 'tax_incentive_card']),
    sql`${creditRecord.decidedOn} <= ${today}::date`,
    // Implied by the next condition (36 months is the longest period); stated so an index range applies.
    sql`${creditRecord.decidedOn} > (${today}::date - interval '36 months')::date`,
    sql`(${creditRecord.decidedOn} + case ${creditRecord.severity} when 'minor' then interval '3 months' when 'general' then interval '12 months' else interval '36 months' end)::date > ${today}::date`,
  );
  const rows = await db
    .select({ record: creditRecord, subject: creditSubject })
    .from(creditRecord)
    .innerJoin(creditSubject, eq(creditSubject.id, creditRecord.subjectId))
    .where(where)
    .orderBy(desc(creditRecord.decidedOn), asc(creditRecord.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, ...(await cappedCount(db, creditRecord, where)) };
}

/** Active credit officers of the credit departments: who is told of a new repair request or objection. */
export async function creditOfficerIds(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: userAccount.id })
    .from(userAccount)
    .innerJoin(department, eq(department.id, userAccount.departmentId))
    .where(
      and(
        eq(department.kind, 'credit'),
        eq(userAccount.active, true),
        sql`'credit_officer' = any(${userAccount.roles})`,
      ),
    );
  return rows.map((r) => r.id);
}

/** The applicant accounts that stand for a subject (by USCC or resident ID hash). */
export async function applicantIdsOfSubject(db: Executor, s: SubjectRow): Promise<string[]> {
  const cond = s.uscc
    ? eq(userAccount.uscc, s.uscc)
    : s.residentIdHash
      ? and(eq(userAccount.residentIdHash, s.residentIdHash), eq(userAccount.applicantType, 'individual'))
      : undefined;
  if (!cond) return [];
  const rows = await db
    .select({ id: userAccount.id })
    .from(userAccount)
    .where(and(eq(userAccount.kind, 'applicant'), cond));
  return rows.map((r) => r.id);
}

// ---- bulk import (import-records.ts): a staging table filled by COPY, merged in set-based SQL ----

/** Where an import's rows wait, checked, until they are merged; private to its transaction. */
export const IMPORT_STAGING = 'credit_import_staging';
/** The staging columns in the order `copyLine` writes them. */
export const importStagingColumns = [
  'row_no',
  'id',
  'digest',
  'subject_kind',
  'uscc',
  'resident_hash',
  'resident_enc',
  'resident_masked',
  'subject_name',
  'kind',
  'severity',
  'authority',
  'decided_on',
  'summary',
  'penalty_fulfilled',
  'valid_until',
  'source_ref',
  'published',
] as const;
export const importStagingTarget = `${IMPORT_STAGING} (${importStagingColumns.join(', ')})`;

/**
 * A temporary table (no WAL, no index, dropped at commit or rollback), so COPY into it costs little and
 * two imports never see each other's rows. `digest` is a 48-bit digest of the row's content, kept for
 * rows identified by their 来源编号, to find the same number given twice with different content.
 */
export async function createImportStaging(db: Executor): Promise<void> {
  await db.execute(
    sql.raw(`create temp table ${IMPORT_STAGING} (
      row_no integer not null, id uuid not null, digest bigint, subject_kind text not null, uscc text,
      resident_hash text, resident_enc text, resident_masked text, subject_name text not null, kind text not null,
      severity text not null, authority text not null, decided_on date not null, summary text not null,
      penalty_fulfilled boolean, valid_until date, source_ref text, published boolean not null
    ) on commit drop`),
  );
}

/** The planner knows nothing of a temporary table until it is analysed (autovacuum never visits one). */
export async function analyzeImportStaging(db: Executor): Promise<void> {
  await db.execute(sql.raw(`analyze ${IMPORT_STAGING}`));
}

/** The same 来源编号 given on rows whose content differs: the rows of each, in file order. */
export async function conflictingSourceRefs(
  db: Executor,
  limit: number,
): Promise<{ sourceRef: string; rows: number[]; total: number }[]> {
  const rows = await queryRows<{ source_ref: string; rows: number[]; total: number }>(
    db,
    sql`select min(source_ref) as source_ref, (array_agg(row_no order by row_no))[1:5] as rows,
               count(*)::int as total
          from ${sql.raw(IMPORT_STAGING)} where digest is not null
         group by id having min(digest) <> max(digest)
         order by min(row_no) limit ${limit}`,
  );
  return rows.map((r) => ({ sourceRef: r.source_ref, rows: r.rows.map(Number), total: Number(r.total) }));
}

const affected = (res: unknown): number => {
  const r = res as { rowCount?: number | null; affectedRows?: number };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
};

/** Drops the rows of conflicting 来源编号 (an import told to skip bad rows); returns how many went. */
export async function dropConflictingSourceRefs(db: Executor): Promise<number> {
  const res = await db.execute(
    sql.raw(`delete from ${IMPORT_STAGING} where id in (
      select id from ${IMPORT_STAGING} where digest is not null group by id having min(digest) <> max(digest))`),
  );
  return affected(res);
}

/**
 * Subjects seen for the first time, one per code (the name on its first row), in one statement each
 * for USCCs and resident IDs. A subject another transaction creates meanwhile is left to it.
 */
export async function insertImportedSubjects(db: Executor, now: Date): Promise<number> {
  const byUscc = await db.execute(sql`
    insert into credit_subject (kind, uscc, name, created_at)
    select distinct on (s.uscc) s.subject_kind, s.uscc, s.subject_name, ${now.toISOString()}::timestamptz
      from ${sql.raw(IMPORT_STAGING)} s
     where s.uscc is not null and not exists (select 1 from credit_subject c where c.uscc = s.uscc)
     order by s.uscc, s.row_no
    on conflict do nothing`);
  const byResident = await db.execute(sql`
    insert into credit_subject (kind, resident_id_enc, resident_id_hash, resident_id_masked, name, created_at)
    select distinct on (s.resident_hash) s.subject_kind, s.resident_enc, s.resident_hash, s.resident_masked,
           s.subject_name, ${now.toISOString()}::timestamptz
      from ${sql.raw(IMPORT_STAGING)} s
     where s.resident_hash is not null
       and not exists (select 1 from credit_subject c where c.resident_id_hash = s.resident_hash)
     order by s.resident_hash, s.row_no
    on conflict do nothing`);
  return affected(byUscc) + affected(byResident);
}

/**
 * The staged records not yet in the credit file, each with the first step of its history, in one
 * statement. A record's id is derived from its source and 来源编号 (or its content), so one already
 * imported, or given twice in the file, conflicts on the primary key and is passed over; the history
 * rows are written for exactly the records the insert returns (a re-import adds neither). Returns how
 * many were added.
 */
export async function insertImportedRecords(
  db: Executor,
  by: { now: Date; createdBy: string | null; departmentId: string | null },
): Promise<number> {
  const now = by.now.toISOString();
  const cols = sql.raw(`s.id, c.id, s.kind, s.severity, s.authority, s.decided_on, s.summary,
    case when s.kind = 'administrative_penalty' then coalesce(s.penalty_fulfilled, false) end,
    'import', s.source_ref, s.published, s.valid_until, 'active', false`);
  const res = await db.execute(sql`
    with added as (
      insert into credit_record (id, subject_id, kind, severity, authority, decided_on, summary, penalty_fulfilled,
        source, source_ref, published, valid_until, status, under_objection, created_by, department_id,
        created_at, updated_at)
      select r.*, ${by.createdBy}::text, ${by.departmentId}::uuid, ${now}::timestamptz, ${now}::timestamptz
        from (
          select ${cols} from ${sql.raw(IMPORT_STAGING)} s join credit_subject c on c.uscc = s.uscc
          union all
          select ${cols} from ${sql.raw(IMPORT_STAGING)} s join credit_subject c on c.resident_id_hash = s.resident_hash
        ) r
      -- In key order, each page of the primary key and of the history's index is visited once, not once per
      -- row at random: sorted, a merge of 2 million rows took 0.73 of the unsorted time (docs/bench.md).
      order by 1
      on conflict (id) do nothing
      returning id)
    insert into credit_record_event (record_id, event, from_status, to_status, under_objection, actor_name, at)
    select id, 'create', null, 'active', false, ${by.createdBy}::text, ${now}::timestamptz from added`);
  return affected(res);
}

// ---- import jobs ----

export type ImportJobRow = typeof creditImportJob.$inferSelect;

export const insertImportJob = (db: Executor, values: typeof creditImportJob.$inferInsert) =>
  insertRows(db, creditImportJob, values);

export async function updateImportJob(
  db: Executor,
  id: string,
  values: Partial<typeof creditImportJob.$inferInsert>,
): Promise<void> {
  await db.update(creditImportJob).set(values).where(eq(creditImportJob.id, id));
}

export const findImportJob = (db: Executor, id: string) => findById(db, creditImportJob, id);

export async function listImportJobs(db: Executor, userId: string, limit: number): Promise<ImportJobRow[]> {
  return db
    .select()
    .from(creditImportJob)
    .where(eq(creditImportJob.createdByUserId, userId))
    .orderBy(desc(creditImportJob.createdAt), desc(creditImportJob.id))
    .limit(limit);
}

/** Jobs left queued or running by a process that is gone (no heartbeat since `before`); returns their ids. */
export async function failStaleImportJobs(
  db: Executor,
  before: Date,
  now: Date,
  error: string,
): Promise<string[]> {
  const rows = await db
    .update(creditImportJob)
    .set({ status: 'failed', error, finishedAt: now, heartbeatAt: now })
    .where(
      and(
        inArray(creditImportJob.status, ['queued', 'running']),
        sql`${creditImportJob.heartbeatAt} < ${before.toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: creditImportJob.id });
  return rows.map((r) => r.id);
}

/** The grade a recorded credit check found; verification intensity follows it (004). */
export async function gradeOfCheck(db: Executor, checkId: string): Promise<string | null> {
  const [row] = await db
    .select({ grade: creditCheck.grade })
    .from(creditCheck)
    .where(eq(creditCheck.id, checkId));
  return row?.grade?.value ?? null;
}
