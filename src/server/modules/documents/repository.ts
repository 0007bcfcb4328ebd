import { and, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/client';
import { findBy, findById, listRows } from '../../db/rows';
import { decision, departmentDocumentSettings, license, officialDocument } from '../../db/schema';

export type DocumentRow = typeof officialDocument.$inferSelect;
export type SettingsRow = typeof departmentDocumentSettings.$inferSelect;

export const findDocument = (db: Executor, id: string) => findById(db, officialDocument, id);

export async function listDocuments(
  db: Executor,
  by: { applicationId?: string | undefined; repairRequestId?: string | undefined },
): Promise<DocumentRow[]> {
  const conds: SQL[] = [];
  if (by.applicationId) conds.push(eq(officialDocument.applicationId, by.applicationId));
  if (by.repairRequestId) conds.push(eq(officialDocument.repairRequestId, by.repairRequestId));
  return listRows(db, officialDocument, and(...conds), officialDocument.issuedAt, officialDocument.number);
}

export async function latestDocumentOf(
  db: Executor,
  applicationId: string,
  kinds: DocumentRow['kind'][],
): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(officialDocument)
    .where(and(eq(officialDocument.applicationId, applicationId), inArray(officialDocument.kind, kinds)))
    .orderBy(desc(officialDocument.issuedAt))
    .limit(1);
  return row;
}

export async function findSettings(db: Executor, departmentId: string): Promise<SettingsRow | undefined> {
  const [row] = await db
    .select()
    .from(departmentDocumentSettings)
    .where(eq(departmentDocumentSettings.departmentId, departmentId));
  return row;
}

export async function upsertSettings(db: Executor, row: SettingsRow): Promise<void> {
  const { departmentId: _, ...rest } = row;
  await db
    .insert(departmentDocumentSettings)
    .values(row)
    .onConflictDoUpdate({ target: departmentDocumentSettings.departmentId, set: rest });
}

export type Allocation = { departmentId: string; kind: string; year: number; count: number };

/**
 * Takes `count` serials for each (department, kind, year) in one statement and returns, for each, the last
 * serial taken with the department's pattern (null where it has set none). Keys must be distinct.
 */
export async function allocateSerials(
  db: Executor,
  wanted: Allocation[],
): Promise<
  { department_id: string; kind: string; year: number; last_serial: number; number_pattern: string | null }[]
> {
  const values = sql.join(
    wanted.map((w) => sql`(${w.departmentId}::uuid, ${w.kind}, ${w.year}::int, ${w.count}::int)`),
    sql`, `,
  );
  return queryRows(
    db,
    sql`with c as (
          insert into document_number_counter (department_id, kind, year, last_serial) values ${values}
          on conflict (department_id, kind, year)
          do update set last_serial = document_number_counter.last_serial + excluded.last_serial
          returning department_id, kind, year, last_serial)
        select c.department_id, c.kind, c.year, c.last_serial, s.number_pattern
        from c left join department_document_settings s on s.department_id = c.department_id`,
  );
}

export const findDecisionOf = (db: Executor, applicationId: string) =>
  findBy(db, decision, decision.applicationId, applicationId);

export const findLicenseOf = (db: Executor, applicationId: string) =>
  findBy(db, license, license.applicationId, applicationId);
