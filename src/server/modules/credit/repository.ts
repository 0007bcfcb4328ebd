import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/client';
import { rowsFromJson } from '../../db/json-rows';
import { preparedQuery } from '../../db/prepared';
import {
  creditCheck,
  creditGrade,
  creditObjection,
  creditRecord,
  creditRepairRequest,
  creditSubject,
  department,
  eligibilityPolicy,
  userAccount,
} from '../../db/schema';

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

/** Subjects by many codes at once (bulk import): USCCs and resident-ID lookup hashes. */
export async function findSubjectsByCodes(
  db: Executor,
  usccs: string[],
  hashes: string[],
): Promise<SubjectRow[]> {
  const out: SubjectRow[] = [];
  for (let i = 0; i < usccs.length; i += 1000)
    out.push(
      ...(await db
        .select()
        .from(creditSubject)
        .where(inArray(creditSubject.uscc, usccs.slice(i, i + 1000)))),
    );
  for (let i = 0; i < hashes.length; i += 1000)
    out.push(
      ...(await db
        .select()
        .from(creditSubject)
        .where(inArray(creditSubject.residentIdHash, hashes.slice(i, i + 1000)))),
    );
  return out;
}

export async function insertSubjects(
  db: Executor,
  values: (typeof creditSubject.$inferInsert)[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const rows = await db
      .insert(creditSubject)
      .values(values.slice(i, i + 1000))
      .onConflictDoNothing()
      .returning({ id: creditSubject.id });
    n += rows.length;
  }
  return n;
}

export async function findSubject(db: Executor, id: string): Promise<SubjectRow | undefined> {
  const [row] = await db.select().from(creditSubject).where(eq(creditSubject.id, id));
  return row;
}

/** Inserts unless the code is already known (two checks of a new subject may race); returns the row. */
export async function insertSubject(
  db: Executor,
  values: typeof creditSubject.$inferInsert,
): Promise<SubjectRow | undefined> {
  const [row] = await db.insert(creditSubject).values(values).onConflictDoNothing().returning();
  return row;
}

export async function listSubjects(db: Executor): Promise<SubjectRow[]> {
  return db.select().from(creditSubject).orderBy(asc(creditSubject.createdAt), asc(creditSubject.id));
}

export async function insertRecord(
  db: Executor,
  values: typeof creditRecord.$inferInsert,
): Promise<RecordRow> {
  const [row] = await db.insert(creditRecord).values(values).returning();
  return row!;
}

export async function insertRecords(
  db: Executor,
  values: (typeof creditRecord.$inferInsert)[],
  onChunk?: (done: number) => void,
): Promise<number> {
  let n = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const chunk = values.slice(i, i + 1000);
    await db.insert(creditRecord).values(chunk);
    n += chunk.length;
    onChunk?.(n);
  }
  return n;
}

export async function findRecord(db: Executor, id: string): Promise<RecordRow | undefined> {
  const [row] = await db.select().from(creditRecord).where(eq(creditRecord.id, id));
  return row;
}

export async function findRecordByEventKey(db: Executor, key: string): Promise<RecordRow | undefined> {
  const [row] = await db.select().from(creditRecord).where(eq(creditRecord.eventKey, key));
  return row;
}

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
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(creditRecord).where(where);
  return { rows, total: Number(c?.n ?? 0) };
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

export async function insertGrade(db: Executor, values: typeof creditGrade.$inferInsert): Promise<GradeRow> {
  const [row] = await db.insert(creditGrade).values(values).returning();
  return row!;
}

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
export async function insertPolicy(
  db: Executor,
  values: typeof eligibilityPolicy.$inferInsert,
): Promise<PolicyRow | undefined> {
  const [row] = await db.insert(eligibilityPolicy).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findPolicy(db: Executor, id: string): Promise<PolicyRow | undefined> {
  const [row] = await db.select().from(eligibilityPolicy).where(eq(eligibilityPolicy.id, id));
  return row;
}

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
  const [row] = await db
    .update(eligibilityPolicy)
    .set({ status: to, ...(publishedAt ? { publishedAt } : {}) })
    .where(and(eq(eligibilityPolicy.id, id), eq(eligibilityPolicy.status, from)))
    .returning();
  return row;
}

/** Written with the action's batch at commit: a check is never read back by the action that makes it. */
export function insertCheck(ctx: Ctx, values: Omit<CheckRow, 'id'>): CheckRow {
  const row: CheckRow = { id: randomUUID(), ...values };
  ctx.batch.insert(creditCheck, row);
  return row;
}

export async function findCheck(db: Executor, id: string): Promise<CheckRow | undefined> {
  const [row] = await db.select().from(creditCheck).where(eq(creditCheck.id, id));
  return row;
}

export async function checksOfSubject(db: Executor, subjectId: string): Promise<CheckRow[]> {
  return db
    .select()
    .from(creditCheck)
    .where(eq(creditCheck.subjectId, subjectId))
    .orderBy(desc(creditCheck.checkedAt));
}

export async function checksOfApplication(db: Executor, applicationId: string): Promise<CheckRow[]> {
  return db
    .select()
    .from(creditCheck)
    .where(eq(creditCheck.applicationId, applicationId))
    .orderBy(asc(creditCheck.checkedAt), asc(creditCheck.id));
}

/** The latest check per subject, for simulating a draft policy against past checks. */
export async function latestChecks(db: Executor, limit: number): Promise<CheckRow[]> {
  return db.select().from(creditCheck).orderBy(desc(creditCheck.checkedAt), asc(creditCheck.id)).limit(limit);
}

/** Undefined when the record already has a pending request (two requests racing). */
export async function insertRepair(
  db: Executor,
  values: typeof creditRepairRequest.$inferInsert,
): Promise<RepairRow | undefined> {
  const [row] = await db.insert(creditRepairRequest).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findRepair(db: Executor, id: string): Promise<RepairRow | undefined> {
  const [row] = await db.select().from(creditRepairRequest).where(eq(creditRepairRequest.id, id));
  return row;
}

export async function listRepairs(db: Executor, status?: RepairRow['status']): Promise<RepairRow[]> {
  return db
    .select()
    .from(creditRepairRequest)
    .where(status ? eq(creditRepairRequest.status, status) : undefined)
    .orderBy(asc(creditRepairRequest.dueOn), asc(creditRepairRequest.requestedAt));
}

export async function decideRepairRow(
  db: Executor,
  id: string,
  set: Partial<typeof creditRepairRequest.$inferInsert>,
): Promise<RepairRow | undefined> {
  const [row] = await db
    .update(creditRepairRequest)
    .set(set)
    .where(and(eq(creditRepairRequest.id, id), eq(creditRepairRequest.status, 'pending')))
    .returning();
  return row;
}

export async function insertObjection(
  db: Executor,
  values: typeof creditObjection.$inferInsert,
): Promise<ObjectionRow> {
  const [row] = await db.insert(creditObjection).values(values).returning();
  return row!;
}

export async function findObjection(db: Executor, id: string): Promise<ObjectionRow | undefined> {
  const [row] = await db.select().from(creditObjection).where(eq(creditObjection.id, id));
  return row;
}

export async function listObjections(db: Executor, status?: ObjectionRow['status']): Promise<ObjectionRow[]> {
  return db
    .select()
    .from(creditObjection)
    .where(status ? eq(creditObjection.status, status) : undefined)
    .orderBy(asc(creditObjection.dueOn), asc(creditObjection.raisedAt));
}

export async function decideObjectionRow(
  db: Executor,
  id: string,
  set: Partial<typeof creditObjection.$inferInsert>,
): Promise<ObjectionRow | undefined> {
  const [row] = await db
    .update(creditObjection)
    .set(set)
    .where(and(eq(creditObjection.id, id), eq(creditObjection.status, 'pending')))
    .returning();
  return row;
}

/** Dishonesty records the public may read: active, marked for disclosure, inside their publicity period. */
export async function publishedRecords(
  db: Executor,
  today: string,
  page: number,
  pageSize: number,
): Promise<{ rows: { record: RecordRow; subject: SubjectRow }[]; total: number }> {
  const where = and(
    eq(creditRecord.status, 'active'),
    eq(creditRecord.published, true),
    notInArray(creditRecord.kind, ['red_list', 'tax_credit_a', 'tax_incentive_card']),
    sql`${creditRecord.decidedOn} <= ${today}::date`,
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
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(creditRecord).where(where);
  return { rows, total: Number(c?.n ?? 0) };
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
