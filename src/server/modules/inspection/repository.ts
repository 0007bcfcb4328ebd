import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client';
import { department, inspection, inspectionDraw, inspectionPlan, userAccount } from '../../db/schema';

export type PlanRow = typeof inspectionPlan.$inferSelect;
export type DrawRow = typeof inspectionDraw.$inferSelect;
export type InspectionRow = typeof inspection.$inferSelect;

export type StoredCandidate = {
  kind: InspectionRow['subjectKind'];
  code: string;
  name: string;
  grade: string;
  /** SM3(`E|salt|code|grade`), published in place of the code (absent on plans made before). */
  commitment?: string;
};
export type StoredInspector = { id: string; name: string };
export type StoredConflict = { inspectorId: string; subjectCode: string; reason: string };

export async function insertPlan(db: Executor, values: typeof inspectionPlan.$inferInsert) {
  const [row] = await db.insert(inspectionPlan).values(values).returning();
  return row!;
}

export async function findPlan(db: Executor, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(inspectionPlan).where(eq(inspectionPlan.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updatePlan(db: Executor, id: string, set: Partial<typeof inspectionPlan.$inferInsert>) {
  await db.update(inspectionPlan).set(set).where(eq(inspectionPlan.id, id));
}

/** One page of plans, newest first; all departments' when `departmentId` is null. */
export async function listPlans(
  db: Executor,
  departmentId: string | null,
  page: { page: number; pageSize: number },
) {
  const where = departmentId ? eq(inspectionPlan.departmentId, departmentId) : undefined;
  const rows = await db
    .select({ plan: inspectionPlan, departmentName: department.name })
    .from(inspectionPlan)
    .innerJoin(department, eq(department.id, inspectionPlan.departmentId))
    .where(where)
    .orderBy(desc(inspectionPlan.createdAt), desc(inspectionPlan.id))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  const [c] = await db.select({ n: count() }).from(inspectionPlan).where(where);
  return { rows, total: Number(c?.n ?? 0) };
}

export async function departmentName(db: Executor, id: string) {
  const [row] = await db.select({ name: department.name }).from(department).where(eq(department.id, id));
  return row?.name ?? '';
}

/** Active inspectors of a department, or the named ones (checked to belong to it). */
export async function findInspectors(db: Executor, departmentId: string, ids?: string[]) {
  if (ids && !ids.length) return [];
  const rows = await db
    .select({ id: userAccount.id, name: userAccount.displayName, roles: userAccount.roles })
    .from(userAccount)
    .where(
      and(
        eq(userAccount.kind, 'staff'),
        eq(userAccount.active, true),
        eq(userAccount.departmentId, departmentId),
        ids ? inArray(userAccount.id, ids) : undefined,
      ),
    );
  return rows.filter((r) => r.roles.includes('inspector')).map(({ id, name }) => ({ id, name }));
}

export async function listDraws(db: Executor, planId: string) {
  return db
    .select()
    .from(inspectionDraw)
    .where(eq(inspectionDraw.planId, planId))
    .orderBy(asc(inspectionDraw.round));
}

/**
 * `lock: 'share'` is what recording and publishing take: it waits for a redraw in progress (which holds
 * the current draw `for update`) and then reads the draw as that redraw left it.
 */
export async function findDraw(db: Executor, id: string, opts: { lock?: 'share' } = {}) {
  const q = db.select().from(inspectionDraw).where(eq(inspectionDraw.id, id));
  const [row] = opts.lock ? await q.for(opts.lock) : await q;
  return row;
}

/** `forUpdate` waits for results being recorded on the draw and keeps new ones out until commit. */
export async function currentDraw(db: Executor, planId: string, opts: { forUpdate?: boolean } = {}) {
  const q = db
    .select()
    .from(inspectionDraw)
    .where(and(eq(inspectionDraw.planId, planId), isNull(inspectionDraw.supersededAt)))
    .orderBy(desc(inspectionDraw.round))
    .limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function insertDraw(db: Executor, values: typeof inspectionDraw.$inferInsert) {
  const [row] = await db.insert(inspectionDraw).values(values).returning();
  return row!;
}

export async function supersedeDraw(db: Executor, id: string, at: Date) {
  await db.update(inspectionDraw).set({ supersededAt: at }).where(eq(inspectionDraw.id, id));
}

export async function insertInspections(db: Executor, rows: (typeof inspection.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(inspection).values(rows.slice(i, i + 500));
}

export async function listInspections(db: Executor, drawIds: string[]) {
  if (!drawIds.length) return [];
  return db
    .select()
    .from(inspection)
    .where(inArray(inspection.drawId, drawIds))
    .orderBy(asc(inspection.drawId), asc(inspection.position));
}

export async function findInspection(db: Executor, id: string) {
  const [row] = await db.select().from(inspection).where(eq(inspection.id, id));
  return row;
}

export async function hasRecorded(db: Executor, drawId: string) {
  const [row] = await db
    .select({ id: inspection.id })
    .from(inspection)
    .where(and(eq(inspection.drawId, drawId), isNotNull(inspection.recordedAt)))
    .limit(1);
  return !!row;
}

/** Compare-and-set against publishing: no row (undefined) once the result is published. */
export async function updateUnpublishedInspection(
  db: Executor,
  id: string,
  set: Partial<typeof inspection.$inferInsert>,
) {
  const [row] = await db
    .update(inspection)
    .set(set)
    .where(and(eq(inspection.id, id), isNull(inspection.publishedAt)))
    .returning();
  return row;
}

export async function publishRecorded(db: Executor, drawId: string, at: Date) {
  return db
    .update(inspection)
    .set({ publishedAt: at })
    .where(
      and(eq(inspection.drawId, drawId), isNotNull(inspection.recordedAt), isNull(inspection.publishedAt)),
    )
    .returning();
}

/** Plans with salted commitments that list this subject code among their candidates, newest first. */
export async function plansListing(db: Executor, code: string) {
  return db
    .select({ plan: inspectionPlan, departmentName: department.name })
    .from(inspectionPlan)
    .innerJoin(department, eq(department.id, inspectionPlan.departmentId))
    .where(
      and(
        isNotNull(inspectionPlan.entryKeyEnc),
        sql`${inspectionPlan.candidates} @> ${JSON.stringify([{ code }])}::jsonb`,
      ),
    )
    .orderBy(desc(inspectionPlan.createdAt));
}

/**
 * Valid, unrevoked licenses of the items in scope, newest first, with the grade their check found. Only
 * items this department supervises: item codes narrow the scope, never widen it to another department's.
 * A license without end (长期, `valid_until` null) is valid; one replaced by its renewal or change is not.
 */
export async function licenseHolderRows(
  db: Executor,
  departmentId: string,
  itemCodes: string[],
  today: string,
) {
  return queryRows<{ lookup: string; kind: string; codeEnc: string; name: string; grade: string | null }>(
    db,
    sql`select a.subject_lookup as lookup, a.subject_kind as kind, a.subject_code_enc as "codeEnc",
          a.subject_name as name, c.grade->>'value' as grade
        from license l
        join application a on a.id = l.application_id
        join catalog_version v on v.id = a.item_version_id
        left join credit_check c on c.id::text = a.credit->>'checkId'
        where l.revoked_at is null and l.superseded_at is null and l.valid_from <= ${today}
          and (l.valid_until is null or l.valid_until >= ${today})
          and coalesce(v.supervising_department_id, v.department_id) = ${departmentId}
          ${
            itemCodes.length
              ? sql`and v.code in (${sql.join(
                  itemCodes.map((c) => sql`${c}`),
                  sql`, `,
                )})`
              : sql``
          }
        order by l.issued_at desc`,
  );
}

/** Which of these item codes have a version this department supervises. */
export async function supervisedItemCodes(db: Executor, departmentId: string, itemCodes: string[]) {
  if (!itemCodes.length) return new Set<string>();
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select distinct v.code from catalog_version v
        where coalesce(v.supervising_department_id, v.department_id) = ${departmentId}
          and v.code in (${sql.join(
            itemCodes.map((c) => sql`${c}`),
            sql`, `,
          )})`,
  );
  return new Set(rows.map((r) => r.code));
}
