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

/** The China day (UTC+8, no daylight saving) of a timestamp, without relying on a time-zone database. */
const dayOf = (col: string) => sql.raw(`((${col} at time zone 'UTC') + interval '8 hours')::date`);
const taskItem = sql.raw('v.item_id');

/**
 * The additive figures for [a, b) as rows (day, item, metric, n): each is a count or sum of events that
 * happened on one day, so any period's figure is the sum of its days'. The roll-up stores exactly these
 * rows; the report counts the days the roll-up does not reach yet with the same query.
 */
const additiveQuery = (a: Date, b: Date) => sql`
  select ${dayOf('created_at')} as day, item_id, 'applications'::text as metric, count(*) as n
    from application where created_at >= ${a} and created_at < ${b} group by 1, 2
  union all
  select ${dayOf('c.signed_at')}, ap.item_id, 'commitmentsSigned', count(*)
    from commitment c join application ap on ap.id = c.application_id
    where c.signed_at >= ${a} and c.signed_at < ${b} group by 1, 2
  union all
  select ${dayOf('ap.submitted_at')}, ap.item_id, 'materialsCut', count(*)
    from application ap cross join lateral jsonb_array_elements(ap.materials) m
    where ap.submitted_at >= ${a} and ap.submitted_at < ${b}
      and m->>'state' in ('committed', 'shared', 'in_form') group by 1, 2
  union all
  select ${dayOf('submitted_at')}, item_id, 'missingMaterialCases', count(*) from application
    where mode = 'missing_materials' and submitted_at >= ${a} and submitted_at < ${b} group by 1, 2
  union all
  select ${dayOf('t.closed_at')}, ${taskItem}, 'verificationsDone', count(*)
    from verification_task t join catalog_version v on v.id = t.item_version_id
    where t.status in ('closed', 'defence_accepted', 'revoked') and t.closed_at >= ${a} and t.closed_at < ${b}
    group by 1, 2
  union all
  select ${dayOf('e.at')}, ${taskItem}, case when e.event = 'revoke' then 'revocations' else 'breaches' end, count(*)
    from verification_event e join verification_task t on t.id = e.task_id
    join catalog_version v on v.id = t.item_version_id
    where e.event in ('find_breach', 'find_false', 'revoke') and e.at >= ${a} and e.at < ${b} group by 1, 2, 3
  union all
  select x.day, x.item_id, f.metric, f.n
    from (select ${dayOf('d.decided_at')} as day, ap.item_id, count(*) as approved,
            count(*) filter (where d.instant) as instant, coalesce(sum(ap.working_days_taken), 0) as taken,
            coalesce(sum(ap.legal_time_limit_days), 0) as legal
          from decision d join application ap on ap.id = d.application_id
          where d.outcome = 'approved' and d.decided_at >= ${a} and d.decided_at < ${b} group by 1, 2) x
    cross join lateral (values ('approved', x.approved), ('instantDecisions', x.instant),
      ('workingDaysTaken', x.taken), ('legalTimeLimitDays', x.legal)) f(metric, n)`;

export type ItemMetricCount = ItemCount & { metric: Metric };

/** The additive figures for [a, b), counted from the cases themselves, summed per item and metric. */
export function additiveCounts(db: Executor, a: Date, b: Date): Promise<ItemMetricCount[]> {
  return queryRows<ItemMetricCount>(
    db,
    sql`select item_id as "itemId", metric, sum(n) as n from (${additiveQuery(a, b)}) f group by 1, 2`,
  );
}

/** The additive figures for the days [from, through] (China dates), from the roll-up. */
export function rolledUpCounts(db: Executor, from: string, through: string): Promise<ItemMetricCount[]> {
  return queryRows<ItemMetricCount>(
    db,
    sql`select item_id as "itemId", metric, sum(n) as n from statistics_daily
        where day >= ${from} and day <= ${through} group by 1, 2`,
  );
}

export type RollupState = { through: string; refreshedAt: Date };

export async function rollupState(db: Executor): Promise<RollupState | null> {
  const [row] = await queryRows<{ through: string; refreshedAt: Date | string }>(
    db,
    sql`select through::text as through, refreshed_at as "refreshedAt" from statistics_rollup where id = 1`,
  );
  return row ? { through: row.through, refreshedAt: new Date(row.refreshedAt) } : null;
}

/** Whether this transaction may refresh the roll-up (one refresher at a time, across processes). */
export async function tryRollupLock(tx: Executor): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(hashtext('statistics_rollup')) as ok`,
  );
  return row?.ok === true;
}

/**
 * Recounts the days from `from` (null: every day) through `through` into the roll-up ([a, b) is the same
 * span as instants) and records how far it reaches. Delete and insert in the caller's transaction, so a
 * report sees the old days or the new, never half.
 */
export async function replaceRollup(
  tx: Executor,
  span: { from: string | null; through: string; a: Date; b: Date },
  refreshedAt: Date,
): Promise<void> {
  await tx.execute(
    span.from
      ? sql`delete from statistics_daily where day >= ${span.from}`
      : sql`delete from statistics_daily`,
  );
  await tx.execute(
    sql`insert into statistics_daily (day, item_id, metric, n)
        select day, item_id, metric, n from (${additiveQuery(span.a, span.b)}) f`,
  );
  await tx.execute(
    sql`insert into statistics_rollup (id, through, refreshed_at) values (1, ${span.through}, ${refreshedAt})
        on conflict (id) do update set through = excluded.through, refreshed_at = excluded.refreshed_at`,
  );
}

/**
 * The figures that are states, not events, so no roll-up holds them: tasks open at the end of the
 * period, tasks overdue, and approved credit repairs of records from an application (few rows).
 */
export async function stateCountsByItem(
  db: Executor,
  a: Date,
  b: Date,
  overdueBefore: string,
): Promise<Partial<Record<Metric, ItemCount[]>>> {
  const grouped = (query: ReturnType<typeof sql>) => queryRows<ItemCount>(db, query);
  return {
    verificationsOpen: await grouped(
      sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
          where t.status in ('pending', 'assigned') and t.created_at < ${b} group by 1`,
    ),
    verificationsOverdue: await grouped(
      sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
          where t.status in ('pending', 'assigned') and t.due_date < ${overdueBefore} group by 1`,
    ),
    repairs: await grouped(
      sql`select ap.item_id as "itemId", count(*) as n from credit_repair_request q
          join credit_record r on r.id = q.record_id join application ap on ap.id::text = r.application_id
          where q.status = 'approved' and q.decided_at >= ${a} and q.decided_at < ${b} group by 1`,
    ),
  };
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

/**
 * Holders (by lookup hash) of licenses issued in [a, b), counted per route (commitment or not), and how
 * many of them are among `inspected` (lookup hashes). Counted in the database: a year's holders are
 * hundreds of thousands of rows at a city's scale, too many to carry to the application.
 */
export async function licenseHolderCounts(
  db: Executor,
  span: { a: Date; b: Date; dept: string | null },
  inspected: string[],
) {
  const drawn = inspected.length
    ? sql`ap.subject_lookup in (${sql.join(
        inspected.map((h) => sql`${h}`),
        sql`, `,
      )})`
    : sql`false`;
  const rows = await queryRows<{
    commitment: boolean | null;
    holders: string | number;
    inspected: string | number;
  }>(
    db,
    sql`select (ap.mode in (${sql.join(
      commitmentModes.map((m) => sql`${m}`),
      sql`, `,
    )})) as commitment, count(distinct ap.subject_lookup) as holders,
          count(distinct ap.subject_lookup) filter (where ${drawn}) as inspected
        from license l join application ap on ap.id = l.application_id
        where l.issued_at >= ${span.a} and l.issued_at < ${span.b} ${inDept(span.dept, 'ap.department_id')}
        group by 1`,
  );
  // A license from a case without a mode (none today) belongs to neither route, as before.
  return rows.map((r) => ({
    commitment: r.commitment,
    holders: Number(r.holders),
    inspected: Number(r.inspected),
  }));
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
