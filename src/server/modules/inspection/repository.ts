import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client';
import { countRows, insertRow, listRows, updateWhileNull } from '../../db/rows';
import { department, inspection, inspectionDraw, inspectionPlan, userAccount } from '../../db/schema';
import type { DataCrypto } from '../../security/crypto';
import { sealResidentId } from '../../security/personal-data';

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

/**
 * How a person's entry is kept in the plan's lists (ADR 0019): its resident ID sealed, found by lookup
 * hash (`@>` on `codeHash`), never in clear. Enterprises keep their USCC, which is public.
 */
type SealedCandidate = Omit<StoredCandidate, 'code'> & {
  codeEnc: string;
  codeHash: string;
  codeMasked: string;
};
type SealedConflict = Omit<StoredConflict, 'subjectCode'> & {
  subjectCodeEnc: string;
  subjectCodeHash: string;
};

const personCodes = (candidates: readonly StoredCandidate[]) =>
  new Set(candidates.filter((c) => c.kind === 'individual').map((c) => c.code));

/** The lists as stored: persons' codes sealed. Anything already sealed passes through. */
export function sealPlanLists(
  crypto: DataCrypto,
  lists: { candidates?: unknown; conflicts?: unknown },
): { candidates?: unknown[]; conflicts?: unknown[] } {
  const candidates = lists.candidates as StoredCandidate[] | undefined;
  const persons = personCodes(candidates ?? []);
  const out: { candidates?: unknown[]; conflicts?: unknown[] } = {};
  if (candidates) {
    out.candidates = candidates.map((c): StoredCandidate | SealedCandidate => {
      if (c.kind !== 'individual' || typeof c.code !== 'string') return c;
      const { code, ...rest } = c;
      const sealed = sealResidentId(crypto, code);
      return { ...rest, codeEnc: sealed.enc, codeHash: sealed.hash, codeMasked: sealed.masked };
    });
  }
  if (lists.conflicts) {
    out.conflicts = (lists.conflicts as StoredConflict[]).map((c): StoredConflict | SealedConflict => {
      if (typeof c.subjectCode !== 'string' || !persons.has(c.subjectCode)) return c;
      const { subjectCode, ...rest } = c;
      return {
        ...rest,
        subjectCodeEnc: crypto.encrypt(subjectCode),
        subjectCodeHash: crypto.lookupHash(subjectCode),
      };
    });
  }
  return out;
}

/** The plan with its lists opened, as the draw and the views use them. */
export function openPlan(crypto: DataCrypto, row: PlanRow): PlanRow {
  const candidates = (row.candidates as (StoredCandidate | SealedCandidate)[]).map((c) => {
    if (!('codeEnc' in c)) return c;
    const { codeEnc, codeHash: _h, codeMasked: _m, ...rest } = c;
    return { ...rest, code: crypto.decrypt(codeEnc) };
  });
  const conflicts = (row.conflicts as (StoredConflict | SealedConflict)[]).map((c) => {
    if (!('subjectCodeEnc' in c)) return c;
    const { subjectCodeEnc, subjectCodeHash: _h, ...rest } = c;
    return { ...rest, subjectCode: crypto.decrypt(subjectCodeEnc) };
  });
  return { ...row, candidates, conflicts };
}

export async function insertPlan(
  db: Executor,
  crypto: DataCrypto,
  values: typeof inspectionPlan.$inferInsert,
) {
  const [row] = await db
    .insert(inspectionPlan)
    .values({ ...values, ...sealPlanLists(crypto, values) })
    .returning();
  return openPlan(crypto, row!);
}

export async function findPlan(
  db: Executor,
  crypto: DataCrypto,
  id: string,
  opts: { forUpdate?: boolean } = {},
) {
  const q = db.select().from(inspectionPlan).where(eq(inspectionPlan.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row && openPlan(crypto, row);
}

export async function updatePlan(
  db: Executor,
  crypto: DataCrypto,
  id: string,
  set: Partial<typeof inspectionPlan.$inferInsert>,
) {
  await db
    .update(inspectionPlan)
    .set({ ...set, ...sealPlanLists(crypto, set) })
    .where(eq(inspectionPlan.id, id));
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
  return { rows, total: await countRows(db, inspectionPlan, where) };
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
  return listRows(db, inspectionDraw, eq(inspectionDraw.planId, planId), asc(inspectionDraw.round));
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

export const insertDraw = (db: Executor, values: typeof inspectionDraw.$inferInsert) =>
  insertRow(db, inspectionDraw, values);

export async function supersedeDraw(db: Executor, id: string, at: Date) {
  await db.update(inspectionDraw).set({ supersededAt: at }).where(eq(inspectionDraw.id, id));
}

/**
 * A drawn person is kept by sealed ID and lookup hash; `subject_code` then holds the masked form. An
 * enterprise keeps its code in clear and its lookup hash beside it, so the statistics match the drawn
 * subjects with license holders without hashing thousands of codes on every report.
 */
export function sealInspection<T extends Pick<typeof inspection.$inferInsert, 'subjectKind' | 'subjectCode'>>(
  crypto: DataCrypto,
  row: T,
): T & { subjectCodeEnc?: string | null; subjectCodeHash?: string | null } {
  if (row.subjectKind !== 'individual')
    return { ...row, subjectCodeHash: crypto.lookupHash(row.subjectCode) };
  const sealed = sealResidentId(crypto, row.subjectCode);
  return { ...row, subjectCode: sealed.masked, subjectCodeEnc: sealed.enc, subjectCodeHash: sealed.hash };
}

/** The row with the person's code in clear again, for the draw's checks and the department's views. */
export const openInspection = (crypto: DataCrypto, row: InspectionRow): InspectionRow =>
  row.subjectCodeEnc ? { ...row, subjectCode: crypto.decrypt(row.subjectCodeEnc) } : row;

export async function insertInspections(
  db: Executor,
  crypto: DataCrypto,
  rows: (typeof inspection.$inferInsert)[],
) {
  const sealed = rows.map((r) => sealInspection(crypto, r));
  for (let i = 0; i < sealed.length; i += 500) await db.insert(inspection).values(sealed.slice(i, i + 500));
}

export async function listInspections(db: Executor, crypto: DataCrypto, drawIds: string[]) {
  if (!drawIds.length) return [];
  const rows = await db
    .select()
    .from(inspection)
    .where(inArray(inspection.drawId, drawIds))
    .orderBy(asc(inspection.drawId), asc(inspection.position));
  return rows.map((r) => openInspection(crypto, r));
}

export async function findInspection(db: Executor, crypto: DataCrypto, id: string) {
  const [row] = await db.select().from(inspection).where(eq(inspection.id, id));
  return row && openInspection(crypto, row);
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
  crypto: DataCrypto,
  id: string,
  set: Partial<typeof inspection.$inferInsert>,
) {
  const row = await updateWhileNull(db, inspection, id, inspection.publishedAt, set);
  return row && openInspection(crypto, row);
}

export async function publishRecorded(db: Executor, crypto: DataCrypto, drawId: string, at: Date) {
  const rows = await db
    .update(inspection)
    .set({ publishedAt: at })
    .where(
      and(eq(inspection.drawId, drawId), isNotNull(inspection.recordedAt), isNull(inspection.publishedAt)),
    )
    .returning();
  return rows.map((r) => openInspection(crypto, r));
}

/**
 * Plans with salted commitments that list this subject among their candidates, newest first: an
 * enterprise by its code, a person by the lookup hash its sealed entry carries.
 */
export async function plansListing(db: Executor, crypto: DataCrypto, code: string) {
  const rows = await db
    .select({ plan: inspectionPlan, departmentName: department.name })
    .from(inspectionPlan)
    .innerJoin(department, eq(department.id, inspectionPlan.departmentId))
    .where(
      and(
        isNotNull(inspectionPlan.entryKeyEnc),
        or(
          sql`${inspectionPlan.candidates} @> ${JSON.stringify([{ code }])}::jsonb`,
          sql`${inspectionPlan.candidates} @> ${JSON.stringify([{ codeHash: crypto.lookupHash(code) }])}::jsonb`,
        ),
      ),
    )
    .orderBy(desc(inspectionPlan.createdAt));
  return rows.map((r) => ({ ...r, plan: openPlan(crypto, r.plan) }));
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
