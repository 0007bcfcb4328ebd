import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
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

export async function listPlans(db: Executor, departmentId: string | null) {
  return db
    .select({ plan: inspectionPlan, departmentName: department.name })
    .from(inspectionPlan)
    .innerJoin(department, eq(department.id, inspectionPlan.departmentId))
    .where(departmentId ? eq(inspectionPlan.departmentId, departmentId) : undefined)
    .orderBy(desc(inspectionPlan.createdAt), desc(inspectionPlan.id));
}

export async function departmentName(db: Executor, id: string) {
  const [row] = await db.select({ name: department.name }).from(department).where(eq(department.id, id));
  return row?.name ?? '';
}

/** Active inspectors of a department, or the named ones (checked to belong to it). */
export async function findInspectors(db: Executor, departmentId: string, ids?: string[]) {
  const rows = await db
    .select({ id: userAccount.id, name: userAccount.displayName, roles: userAccount.roles })
    .from(userAccount)
    .where(
      and(
        eq(userAccount.kind, 'staff'),
        eq(userAccount.active, true),
        eq(userAccount.departmentId, departmentId),
        ids
          ? inArray(userAccount.id, ids.length ? ids : ['00000000-0000-0000-0000-000000000000'])
          : undefined,
      ),
    );
  return rows.filter((r) => r.roles.includes('inspector')).map(({ id, name }) => ({ id, name }));
}

export async function staffNames(db: Executor, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db
    .select({ id: userAccount.id, name: userAccount.displayName })
    .from(userAccount)
    .where(inArray(userAccount.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function listDraws(db: Executor, planId: string) {
  return db
    .select()
    .from(inspectionDraw)
    .where(eq(inspectionDraw.planId, planId))
    .orderBy(asc(inspectionDraw.round));
}

export async function findDraw(db: Executor, id: string) {
  const [row] = await db.select().from(inspectionDraw).where(eq(inspectionDraw.id, id));
  return row;
}

export async function currentDraw(db: Executor, planId: string) {
  const [row] = await db
    .select()
    .from(inspectionDraw)
    .where(and(eq(inspectionDraw.planId, planId), isNull(inspectionDraw.supersededAt)))
    .orderBy(desc(inspectionDraw.round))
    .limit(1);
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

export async function countRecorded(db: Executor, drawId: string) {
  const rows = await db
    .select({ id: inspection.id })
    .from(inspection)
    .where(and(eq(inspection.drawId, drawId), isNotNull(inspection.recordedAt)));
  return rows.length;
}

export async function updateInspection(
  db: Executor,
  id: string,
  set: Partial<typeof inspection.$inferInsert>,
) {
  const [row] = await db.update(inspection).set(set).where(eq(inspection.id, id)).returning();
  return row;
}

export async function publishRecorded(db: Executor, drawId: string, at: Date) {
  return db
    .update(inspection)
    .set({ publishedAt: at })
    .where(
      and(eq(inspection.drawId, drawId), isNotNull(inspection.recordedAt), isNull(inspection.publishedAt)),
    )
    .returning({ id: inspection.id });
}

/** Valid, unrevoked licenses of the items in scope, newest first, with the grade their check found. */
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
        where l.revoked_at is null and l.valid_from <= ${today} and l.valid_until >= ${today}
          and ${
            itemCodes.length
              ? sql`v.code in (${sql.join(
                  itemCodes.map((c) => sql`${c}`),
                  sql`, `,
                )})`
              : sql`coalesce(v.supervising_department_id, v.department_id) = ${departmentId}`
          }
        order by l.issued_at desc`,
  );
}
