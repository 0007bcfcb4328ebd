import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { ApprovalMode, VersionEvent, VersionStatus } from '../../../contracts/catalog';
import type { Executor } from '../../db/client';
import { preparedQuery } from '../../db/prepared';
import { countRows, findBy, findById, insertRow, listRows, pageRows, updateIfStatus } from '../../db/rows';
import { catalogItem, catalogVersion, catalogVersionEvent, department } from '../../db/schema';

export type ItemRow = typeof catalogItem.$inferSelect;
export type VersionRow = typeof catalogVersion.$inferSelect;
export type NewVersion = typeof catalogVersion.$inferInsert;
export type EventRow = typeof catalogVersionEvent.$inferSelect;
export type DepartmentBrief = { id: string; code: string; name: string; kind: string };

/** Content columns: the only ones a draft edit may change. */
export type VersionContent = Pick<
  NewVersion,
  | 'supervisingDepartmentId'
  | 'name'
  | 'kind'
  | 'legalBasis'
  | 'legalTimeLimitDays'
  | 'promisedTimeLimitDays'
  | 'modes'
  | 'exclusionTags'
  | 'proxyAllowed'
  | 'withdrawalAllowed'
  | 'verification'
  | 'materials'
  | 'notice'
  | 'commitment'
  | 'issuance'
  | 'licenseName'
  | 'licenseTemplate'
  | 'licenseValidityYears'
  | 'decisionKind'
  | 'multipleLicensesAllowed'
  | 'searchText'
>;

export async function countItems(db: Executor): Promise<number> {
  return countRows(db, catalogItem);
}

export const insertItem = (db: Executor, values: typeof catalogItem.$inferInsert) =>
  insertRow(db, catalogItem, values);

export const findItem = (db: Executor, id: string) => findById(db, catalogItem, id);

export const findItemByCode = (db: Executor, code: string) => findBy(db, catalogItem, catalogItem.code, code);

export async function findItemsByCodes(db: Executor, codes: string[]): Promise<ItemRow[]> {
  if (!codes.length) return [];
  return db.select().from(catalogItem).where(inArray(catalogItem.code, codes));
}

export async function nextVersionNo(db: Executor, itemId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${catalogVersion.versionNo}), 0)::int` })
    .from(catalogVersion)
    .where(eq(catalogVersion.itemId, itemId));
  return Number(r?.n ?? 0) + 1;
}

export const insertVersion = (db: Executor, values: NewVersion) => insertRow(db, catalogVersion, values);

/**
 * One version by id, exactly as it was when decided. Versions past draft never change, so a later
 * application module pins `itemVersionId` and reads its rules here.
 */
export const getItemVersion = (db: Executor, id: string) => findById(db, catalogVersion, id);

export async function listVersionsOfItem(db: Executor, itemId: string): Promise<VersionRow[]> {
  return listRows(db, catalogVersion, eq(catalogVersion.itemId, itemId), desc(catalogVersion.versionNo));
}

export async function findVersionInStatus(
  db: Executor,
  itemId: string,
  statuses: VersionStatus[],
): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(catalogVersion)
    .where(and(eq(catalogVersion.itemId, itemId), inArray(catalogVersion.status, statuses)))
    .orderBy(desc(catalogVersion.versionNo))
    .limit(1);
  return row;
}

/** Changes a draft's content; a version that left draft meanwhile is not touched (returns undefined). */
export async function updateDraftContent(
  db: Executor,
  id: string,
  content: VersionContent,
  now: Date,
): Promise<VersionRow | undefined> {
  return updateIfStatus(db, catalogVersion, id, 'draft', { ...content, updatedAt: now });
}

/** Compare-and-set of the status: zero rows means someone else moved the version first. */
export async function setStatus(
  db: Executor,
  id: string,
  from: VersionStatus,
  to: VersionStatus,
  now: Date,
  extra: { effectiveDate?: string; publishedAt?: Date } = {},
): Promise<VersionRow | undefined> {
  return updateIfStatus(db, catalogVersion, id, from, { status: to, updatedAt: now, ...extra });
}

export async function appendEvent(
  db: Executor,
  values: {
    versionId: string;
    event: VersionEvent;
    fromStatus: VersionStatus | null;
    toStatus: VersionStatus;
    actorId: string | null;
    actorName: string | null;
    departmentId: string | null;
    comment: string | null;
    at: Date;
  },
): Promise<EventRow> {
  const [r] = await db
    .select({ n: sql<number>`coalesce(max(${catalogVersionEvent.seq}), 0)::int` })
    .from(catalogVersionEvent)
    .where(eq(catalogVersionEvent.versionId, values.versionId));
  const [row] = await db
    .insert(catalogVersionEvent)
    .values({ ...values, seq: Number(r?.n ?? 0) + 1 })
    .returning();
  return row!;
}

export async function listEvents(db: Executor, versionId: string): Promise<EventRow[]> {
  return listRows(
    db,
    catalogVersionEvent,
    eq(catalogVersionEvent.versionId, versionId),
    asc(catalogVersionEvent.seq),
  );
}

/** The last review comment on each of the given versions. */
export async function lastComments(db: Executor, versionIds: string[]): Promise<Map<string, string>> {
  if (!versionIds.length) return new Map();
  const rows = await db
    .select({ versionId: catalogVersionEvent.versionId, comment: catalogVersionEvent.comment })
    .from(catalogVersionEvent)
    .where(
      and(
        inArray(catalogVersionEvent.versionId, versionIds),
        sql`${catalogVersionEvent.comment} is not null`,
      ),
    )
    .orderBy(asc(catalogVersionEvent.seq));
  return new Map(rows.map((r) => [r.versionId, r.comment!]));
}

export async function departmentsById(
  db: Executor,
  ids: (string | null)[],
): Promise<Map<string, DepartmentBrief>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: department.id, code: department.code, name: department.name, kind: department.kind })
    .from(department)
    .where(inArray(department.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function allDepartments(db: Executor): Promise<DepartmentBrief[]> {
  return db
    .select({ id: department.id, code: department.code, name: department.name, kind: department.kind })
    .from(department);
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type VersionFilter = {
  keyword?: string;
  departmentId?: string;
  mode?: ApprovalMode;
  status?: VersionStatus;
};

function filterConditions(f: VersionFilter): SQL[] {
  const conds: SQL[] = [];
  if (f.keyword?.trim()) {
    conds.push(sql`${catalogVersion.searchText} like ${`%${escapeLike(f.keyword.trim().toLowerCase())}%`}`);
  }
  if (f.departmentId) conds.push(eq(catalogVersion.departmentId, f.departmentId));
  if (f.mode) conds.push(sql`${catalogVersion.modes} @> array[${f.mode}]::text[]`);
  if (f.status) conds.push(eq(catalogVersion.status, f.status));
  return conds;
}

/** One page of the versions `where` selects, by item code, with how many it selects in all. */
async function versionPage(
  db: Executor,
  where: SQL | undefined,
  page: number,
  pageSize: number,
): Promise<{ rows: VersionRow[]; total: number }> {
  return pageRows(db, catalogVersion, where, [asc(catalogVersion.code)], { page, pageSize });
}

/** The published catalog, searched; the table is small (one row per item), a scan of search_text is fine. */
export async function searchPublished(
  db: Executor,
  f: VersionFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: VersionRow[]; total: number }> {
  const where = and(eq(catalogVersion.status, 'published'), ...filterConditions(f));
  return versionPage(db, where, page, pageSize);
}

/** The newest version of every item (whatever its status), for staff. */
export async function listLatestVersions(
  db: Executor,
  f: VersionFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: VersionRow[]; total: number }> {
  const latest = sql`${catalogVersion.versionNo} = (select max(v2.version_no) from catalog_version v2 where v2.item_id = ${catalogVersion.itemId})`;
  const where = and(latest, ...filterConditions(f));
  return versionPage(db, where, page, pageSize);
}

const publishedByCode = preparedQuery<{ code: string }, VersionRow[]>((db) =>
  db
    .select()
    .from(catalogVersion)
    .where(and(eq(catalogVersion.code, sql.placeholder('code')), eq(catalogVersion.status, 'published'))),
);

/** Read by every application started. */
export async function findPublishedByCode(db: Executor, code: string): Promise<VersionRow | undefined> {
  const [row] = await publishedByCode(db, { code });
  return row;
}
