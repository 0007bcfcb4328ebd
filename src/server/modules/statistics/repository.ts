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

/** The first day of the month of an ISO date, and of the month after. */
const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
const monthAfter = (day: string) => {
  const d = new Date(`${monthOf(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};
const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The additive figures for the days [from, to] (China dates, `to` at most the roll-up's `through`), from
 * the roll-up: the months wholly inside the period from `statistics_monthly` (the month of `through` holds
 * the days up to it, so it counts as whole when the period reaches `through`), the other days from
 * `statistics_daily`.
 */
export function rolledUpCounts(
  db: Executor,
  from: string,
  to: string,
  through: string,
): Promise<ItemMetricCount[]> {
  // Months [m1, m2) are read by month; ISO dates compare as strings.
  const m1 = monthOf(from) === from ? from : monthAfter(from);
  const m2 = [
    m1,
    to === through || dayAfter(to) === monthAfter(to) ? monthAfter(to) : monthOf(to),
  ].sort()[1]!;
  return queryRows<ItemMetricCount>(
    db,
    sql`select item_id as "itemId", metric, sum(n) as n from (
          select item_id, metric, n from statistics_monthly where month >= ${m1} and month < ${m2}
          union all
          select item_id, metric, n from statistics_daily where day >= ${from} and day <= ${to} and day < ${m1}
          union all
          select item_id, metric, n from statistics_daily where day >= ${from} and day <= ${to} and day >= ${m2}
        ) f group by 1, 2`,
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
  // The months the recounted days fall in, summed again from the daily rows.
  const month = span.from ? monthOf(span.from) : null;
  await tx.execute(
    month ? sql`delete from statistics_monthly where month >= ${month}` : sql`delete from statistics_monthly`,
  );
  await tx.execute(
    sql`insert into statistics_monthly (month, item_id, metric, n)
        select date_trunc('month', day)::date, item_id, metric, sum(n) from statistics_daily
        where ${month ? sql`day >= ${month}` : sql`true`} group by 1, 2, 3`,
  );
  await tx.execute(
    span.from
      ? sql`delete from statistics_holders where day >= ${span.from}`
      : sql`delete from statistics_holders`,
  );
  await tx.execute(
    sql`insert into statistics_holders (day, department_id, commitment, prev_county, prev_department, n)
        ${holdersQuery(span.from !== null, span.a, span.b)}`,
  );
  await tx.execute(
    sql`insert into statistics_rollup (id, through, refreshed_at) values (1, ${span.through}, ${refreshedAt})
        on conflict (id) do update set through = excluded.through, refreshed_at = excluded.refreshed_at`,
  );
}

/**
 * A text column as the case id it names, null unless it is one in canonical form (as `id::text` writes
 * it): the same matches as comparing `id::text`, but through the primary key instead of reading every case.
 */
const uuidOrNull = (col: string) =>
  sql.raw(
    `(case when ${col} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${col}::uuid end)`,
  );

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
  // Both from the open tasks' index alone, in one pass.
  const open = await queryRows<{ itemId: string; open: string | number; overdue: string | number }>(
    db,
    sql`select ${taskItem} as "itemId", count(*) filter (where t.created_at < ${b}) as open,
          count(*) filter (where t.due_date < ${overdueBefore}) as overdue
        from verification_task t join catalog_version v on v.id = t.item_version_id
        where t.status in ('pending', 'assigned') group by 1`,
  );
  return {
    verificationsOpen: open.map((r) => ({ itemId: r.itemId, n: r.open })),
    verificationsOverdue: open.map((r) => ({ itemId: r.itemId, n: r.overdue })),
    repairs: await grouped(
      sql`select ap.item_id as "itemId", count(*) as n from credit_repair_request q
          join credit_record r on r.id = q.record_id
          join application ap on ap.id = ${uuidOrNull('r.application_id')}
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

const commitmentRoute = (col: string) =>
  sql`(${sql.raw(col)}.mode in (${sql.join(
    commitmentModes.map((m) => sql`${m}`),
    sql`, `,
  )}))`;

/**
 * The rows of `statistics_holders` for the licenses issued in [a, b): each license with the day of the
 * same holder's previous license by the same route (county-wide, and within its department), grouped.
 * The holder is the case's subject (lookup hash), as in the direct count. `recent`: only holders with a
 * license in [a, b) are read, each through its own cases (index), for the routine refresh; otherwise
 * every license is read once, for the full recount.
 */
function holdersQuery(recent: boolean, a: Date, b: Date) {
  const licensed = sql`select l.id, l.issued_at, ap.subject_lookup as holder, ap.department_id as dept,
      ${commitmentRoute('ap')} as commitment
    from license l join application ap on ap.id = l.application_id`;
  const source = recent
    ? sql`${licensed}
        join (select distinct h.subject_lookup from license hl join application h on h.id = hl.application_id
              where hl.issued_at >= ${a} and hl.issued_at < ${b}) r on r.subject_lookup = ap.subject_lookup
        where l.issued_at < ${b}`
    : sql`${licensed} where l.issued_at < ${b}`;
  return sql`select ${dayOf('issued_at')}, dept, commitment, ${dayOf('prev_county')}, ${dayOf('prev_dept')}, count(*)
    from (select issued_at, dept, commitment,
            lag(issued_at) over (partition by holder, commitment order by issued_at, id) as prev_county,
            lag(issued_at) over (partition by holder, commitment, dept order by issued_at, id) as prev_dept
          from (${source}) s) o
    where issued_at >= ${a}
    group by 1, 2, 3, 4, 5`;
}

export type RouteHolders = { commitment: boolean | null; holders: number };

/**
 * Holders of licenses issued on the days [from, through] from the roll-up: each holder is counted at its
 * first license in the period, the one whose previous license (same route, in the county or, for one
 * department, within it) is before `from` or absent.
 */
export async function rolledUpHolders(
  db: Executor,
  from: string,
  through: string,
  dept: string | null,
): Promise<RouteHolders[]> {
  const prev = sql.raw(dept ? 'prev_department' : 'prev_county');
  const rows = await queryRows<{ commitment: boolean | null; holders: string | number }>(
    db,
    sql`select commitment, sum(n) as holders from statistics_holders
        where day >= ${from} and day <= ${through} ${inDept(dept, 'department_id')}
          and (${prev} is null or ${prev} < ${from})
        group by 1`,
  );
  return rows.map((r) => ({ commitment: r.commitment, holders: Number(r.holders) }));
}

/**
 * Holders (by lookup hash) of licenses issued in [c, b) who had none by the same route in [a, c) (in the
 * department, for one): the days after the roll-up, added to its holders of [a, c) without counting one
 * twice. With c = a, every holder of [a, b): the direct count.
 */
export async function liveHolders(
  db: Executor,
  span: { a: Date; c: Date; b: Date; dept: string | null },
): Promise<RouteHolders[]> {
  const earlier =
    span.c > span.a
      ? sql`and not exists (select 1 from application e join license el on el.application_id = e.id
            where e.subject_lookup = ap.subject_lookup and el.issued_at >= ${span.a} and el.issued_at < ${span.c}
              and ${commitmentRoute('e')} is not distinct from ${commitmentRoute('ap')}
              ${inDept(span.dept, 'e.department_id')})`
      : sql``;
  const rows = await queryRows<{ commitment: boolean | null; holders: string | number }>(
    db,
    sql`select ${commitmentRoute('ap')} as commitment, count(distinct ap.subject_lookup) as holders
        from license l join application ap on ap.id = l.application_id
        where l.issued_at >= ${span.c} and l.issued_at < ${span.b} ${inDept(span.dept, 'ap.department_id')}
        ${earlier}
        group by 1`,
  );
  return rows.map((r) => ({ commitment: r.commitment, holders: Number(r.holders) }));
}

/**
 * How many subjects drawn in [a, b) by draws still in force held a license issued in [a, b), per route.
 * The drawn are known by lookup hash: stored with each drawn subject, plus `unhashed` — codes of
 * enterprises drawn before the hash was stored, hashed by the caller. Each drawn subject's own licenses
 * and cases are probed in the two indexes that hold all the query needs (a license's holder is its
 * case's subject), rather than the period's licenses (a city's year: hundreds of thousands) read and
 * matched. `offset 0` keeps the lateral probe from being merged into a join, which PostgreSQL would plan
 * as a hash of the whole period's licenses (measured three times as slow at a million cases). The extra
 * hashes go as one array parameter: there may be more than a statement may have parameters (65,535).
 */
export async function drawnHolders(
  db: Executor,
  span: { a: Date; b: Date; dept: string | null },
  unhashed: string[],
): Promise<RouteHolders[]> {
  const rows = await queryRows<{ commitment: boolean | null; holders: string | number }>(
    db,
    sql`with drawn as (
          select i.subject_code_hash as lookup
          from inspection_draw d join inspection i on i.draw_id = d.id
          where d.superseded_at is null and d.drawn_at >= ${span.a} and d.drawn_at < ${span.b}
            and i.subject_code_hash is not null
          union
          select unnest(${sql.param(unhashed)}::text[]))
        select held.commitment, count(distinct drawn.lookup) as holders
        from drawn cross join lateral (
          select ${commitmentRoute('ap')} as commitment
          from license l join application ap on ap.subject_lookup = l.holder_lookup and ap.id = l.application_id
          where l.holder_lookup = drawn.lookup and l.issued_at >= ${span.a} and l.issued_at < ${span.b}
            ${inDept(span.dept, 'ap.department_id')}
          offset 0) held
        group by 1`,
  );
  return rows.map((r) => ({ commitment: r.commitment, holders: Number(r.holders) }));
}

/** Codes of subjects drawn in [a, b) by draws in force whose lookup hash was not stored (drawn before it was). */
export async function unhashedDrawnCodes(db: Executor, a: Date, b: Date): Promise<string[]> {
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select distinct i.subject_code as code
        from inspection i join inspection_draw d on d.id = i.draw_id
        where d.superseded_at is null and d.drawn_at >= ${a} and d.drawn_at < ${b}
          and i.subject_code_hash is null`,
  );
  return rows.map((r) => r.code);
}
