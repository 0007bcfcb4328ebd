import { sql } from 'drizzle-orm';
import { commitmentModes } from '../../../contracts/catalog';
import type { Metric } from '../../../contracts/statistics';
import { type Executor, queryRows } from '../../db/client';

export type ItemRow = {
  itemId: string;
  code: string;
  name: string;
  departmentId: string;
  departmentName: string;
};
export type ItemCount = { itemId: string; n: string | number };

const inDept = (dept: string | null, col: string) => (dept ? sql`and ${sql.raw(col)} = ${dept}` : sql``);

/** The items the report has rows for (of one department, or all), with each item's latest name. */
export function reportItems(db: Executor, dept: string | null): Promise<ItemRow[]> {
  return queryRows<ItemRow>(
    db,
    sql`select i.id as "itemId", i.code, i.department_id as "departmentId", d.name as "departmentName",
          (select v.name from catalog_version v where v.item_id = i.id order by v.version_no desc limit 1) as name
        from catalog_item i join department d on d.id = i.department_id
        where true ${inDept(dept, 'i.department_id')}
        order by i.code`,
  );
}

/**
 * The simple figures, each one grouped query keyed by item, for [a, b); `overdueBefore` is the date a
 * task must be due before to count as overdue.
 */
export async function countsByItem(
  db: Executor,
  a: Date,
  b: Date,
  overdueBefore: string,
): Promise<Partial<Record<Metric, ItemCount[]>>> {
  const grouped = (query: ReturnType<typeof sql>) => queryRows<ItemCount>(db, query);
  const taskItem = sql.raw('v.item_id');
  return {
    applications: await grouped(
      sql`select item_id as "itemId", count(*) as n from application where created_at >= ${a} and created_at < ${b} group by 1`,
    ),
    commitmentsSigned: await grouped(
      sql`select ap.item_id as "itemId", count(*) as n from commitment c join application ap on ap.id = c.application_id
          where c.signed_at >= ${a} and c.signed_at < ${b} group by 1`,
    ),
    materialsCut: await grouped(
      sql`select ap.item_id as "itemId", count(*) as n
          from application ap cross join lateral jsonb_array_elements(ap.materials) m
          where ap.submitted_at >= ${a} and ap.submitted_at < ${b}
            and m->>'state' in ('committed', 'shared', 'in_form') group by 1`,
    ),
    missingMaterialCases: await grouped(
      sql`select item_id as "itemId", count(*) as n from application
          where mode = 'missing_materials' and submitted_at >= ${a} and submitted_at < ${b} group by 1`,
    ),
    verificationsDone: await grouped(
      sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
          where t.status in ('closed', 'defence_accepted', 'revoked') and t.closed_at >= ${a} and t.closed_at < ${b} group by 1`,
    ),
    verificationsOpen: await grouped(
      sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
          where t.status in ('pending', 'assigned') and t.created_at < ${b} group by 1`,
    ),
    verificationsOverdue: await grouped(
      sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
          where t.status in ('pending', 'assigned') and t.due_date < ${overdueBefore} group by 1`,
    ),
    breaches: await grouped(
      sql`select ${taskItem} as "itemId", count(*) as n from verification_event e
          join verification_task t on t.id = e.task_id join catalog_version v on v.id = t.item_version_id
          where e.event in ('find_breach', 'find_false') and e.at >= ${a} and e.at < ${b} group by 1`,
    ),
    revocations: await grouped(
      sql`select ${taskItem} as "itemId", count(*) as n from verification_event e
          join verification_task t on t.id = e.task_id join catalog_version v on v.id = t.item_version_id
          where e.event = 'revoke' and e.at >= ${a} and e.at < ${b} group by 1`,
    ),
    repairs: await grouped(
      sql`select ap.item_id as "itemId", count(*) as n from credit_repair_request q
          join credit_record r on r.id = q.record_id join application ap on ap.id::text = r.application_id
          where q.status = 'approved' and q.decided_at >= ${a} and q.decided_at < ${b} group by 1`,
    ),
  };
}

export type DecidedCount = {
  itemId: string;
  approved: string;
  instant: string;
  taken: string;
  legal: string;
};

/** Approvals in [a, b) per item: how many, how many instant, and working days taken against the legal limit. */
export function decidedByItem(db: Executor, a: Date, b: Date): Promise<DecidedCount[]> {
  return queryRows<DecidedCount>(
    db,
    sql`select ap.item_id as "itemId", count(*) as approved, count(*) filter (where d.instant) as instant,
          coalesce(sum(ap.working_days_taken), 0) as taken, coalesce(sum(ap.legal_time_limit_days), 0) as legal
        from decision d join application ap on ap.id = d.application_id
        where d.outcome = 'approved' and d.decided_at >= ${a} and d.decided_at < ${b} group by 1`,
  );
}

/** Approved credit repairs in [a, b), also those of records from no application. */
export async function approvedRepairs(db: Executor, a: Date, b: Date, dept: string | null): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select count(*) as n from credit_repair_request q join credit_record r on r.id = q.record_id
        where q.status = 'approved' and q.decided_at >= ${a} and q.decided_at < ${b}
        ${inDept(dept, 'r.department_id')}`,
  );
  return Number(row?.n ?? 0);
}

/** Holders (by lookup hash) of licenses issued in [a, b), and whether each came by a commitment route. */
export function licenseHolders(db: Executor, a: Date, b: Date, dept: string | null) {
  return queryRows<{ lookup: string; commitment: boolean }>(
    db,
    sql`select distinct ap.subject_lookup as lookup,
          (ap.mode in (${sql.join(
            commitmentModes.map((m) => sql`${m}`),
            sql`, `,
          )})) as commitment
        from license l join application ap on ap.id = l.application_id
        where l.issued_at >= ${a} and l.issued_at < ${b} ${inDept(dept, 'ap.department_id')}`,
  );
}

/** Subjects drawn in [a, b) by draws still in force: a person by lookup hash (its code is sealed). */
export function drawnSubjects(db: Executor, a: Date, b: Date) {
  return queryRows<{ code: string; hash: string | null }>(
    db,
    sql`select distinct i.subject_code as code, i.subject_code_hash as hash
        from inspection i join inspection_draw d on d.id = i.draw_id
        where d.superseded_at is null and d.drawn_at >= ${a} and d.drawn_at < ${b}`,
  );
}
