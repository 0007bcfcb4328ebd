import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { StaffRole } from '../../../contracts/enums';
import type { EscalationStatus } from '../../../contracts/escalation';
import type { Executor } from '../../db/client';
import { preparedQuery } from '../../db/prepared';
import { findById, insertUnlessConflict, pageRows, updateVersioned } from '../../db/rows';
import { department, escalation, userAccount } from '../../db/schema';

export type EscalationRow = typeof escalation.$inferSelect;
export type StaffMember = { id: string; departmentId: string; roles: StaffRole[] };

const activeStaffQuery = preparedQuery<{ ids: string[] }, StaffMember[]>((db) =>
  db
    .select({
      id: userAccount.id,
      departmentId: sql<string>`${userAccount.departmentId}`,
      roles: sql<StaffRole[]>`${userAccount.roles}`,
    })
    .from(userAccount)
    .where(
      and(
        sql`${userAccount.departmentId} = any(${sql.placeholder('ids')}::uuid[])`,
        eq(userAccount.kind, 'staff'),
        eq(userAccount.active, true),
      ),
    ),
);

/** The active staff of these departments with their roles (read with every verification task created). */
export function activeStaffOf(db: Executor, departmentIds: string[]): Promise<StaffMember[]> {
  return activeStaffQuery(db, { ids: [...new Set(departmentIds)] });
}

/** Who looks after the queue: the service centre's system administrators and catalog administrators. */
export async function centreStewards(db: Executor): Promise<{ id: string }[]> {
  return db
    .select({ id: userAccount.id })
    .from(userAccount)
    .innerJoin(department, eq(department.id, userAccount.departmentId))
    .where(
      and(
        eq(department.kind, 'service_center'),
        eq(userAccount.kind, 'staff'),
        eq(userAccount.active, true),
        sql`${userAccount.roles} && array['system_admin', 'catalog_admin']::text[]`,
      ),
    );
}

/** Queued once per piece of work and reason; returns undefined when it was queued already. */
export const insertEscalation = (db: Executor, values: typeof escalation.$inferInsert) =>
  insertUnlessConflict(db, escalation, values);

export const findEscalation = (db: Executor, id: string) => findById(db, escalation, id);

export async function listEscalations(
  db: Executor,
  status: EscalationStatus | undefined,
  page: number,
  pageSize: number,
): Promise<{ rows: EscalationRow[]; total: number }> {
  const where = status ? eq(escalation.status, status) : undefined;
  return pageRows(db, escalation, where, [desc(escalation.createdAt), escalation.id], { page, pageSize });
}

/** Compare-and-set on the version: of two stewards acting at once, one wins and one gets a conflict. */
export async function updateEscalation(
  db: Executor,
  before: EscalationRow,
  from: EscalationStatus[],
  set: Partial<typeof escalation.$inferInsert>,
): Promise<EscalationRow | undefined> {
  return updateVersioned(db, escalation, before, set, inArray(escalation.status, from));
}
