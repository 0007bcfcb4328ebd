import { sql } from 'drizzle-orm';
import type { Static } from 'typebox';
import { commitmentModes } from '../../../contracts/catalog';
import { type Metric, metrics, type StatisticsReport } from '../../../contracts/statistics';
import { DomainError } from '../../../domain/errors';
import { chinaDate, chinaDayEnd, chinaDayStart } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import { queryRows } from '../../db/client';

type Counts = Record<Metric, number>;
type ItemRow = { itemId: string; code: string; name: string; departmentId: string; departmentName: string };

const zero = (): Counts => Object.fromEntries(metrics.map((m) => [m, 0])) as Counts;

/**
 * The reporting figures (001, 003) for one period, per item or department. Each figure is one grouped
 * query keyed by item; department rows are sums of their items, so both views always agree.
 */
export async function buildReport(
  ctx: ReadCtx,
  input: { from: string; to: string; groupBy: 'item' | 'department'; departmentId: string | null },
): Promise<Static<typeof StatisticsReport>> {
  if (input.to < input.from) throw new DomainError('VALIDATION', '统计截止日期不能早于开始日期');
  const a = chinaDayStart(input.from);
  const b = chinaDayEnd(input.to);
  const today = chinaDate(ctx.now);
  const dept = input.departmentId;
  const db = ctx.db;
  const inDept = (col: ReturnType<typeof sql.raw>) => (dept ? sql`and ${col} = ${dept}` : sql``);

  const items = await queryRows<ItemRow>(
    db,
    sql`select i.id as "itemId", i.code, i.department_id as "departmentId", d.name as "departmentName",
          (select v.name from catalog_version v where v.item_id = i.id order by v.version_no desc limit 1) as name
        from catalog_item i join department d on d.id = i.department_id
        where true ${inDept(sql.raw('i.department_id'))}
        order by i.code`,
  );
  const byItem = new Map<string, Counts>(items.map((i) => [i.itemId, zero()]));
  const add = (rows: { itemId: string; n: string | number }[], metric: Metric) => {
    for (const r of rows) {
      const c = byItem.get(r.itemId);
      if (c) c[metric] += Number(r.n);
    }
  };
  const grouped = async (metric: Metric, query: ReturnType<typeof sql>) =>
    add(await queryRows<{ itemId: string; n: string }>(db, query), metric);

  await grouped(
    'applications',
    sql`select item_id as "itemId", count(*) as n from application where created_at >= ${a} and created_at < ${b} group by 1`,
  );
  await grouped(
    'commitmentsSigned',
    sql`select ap.item_id as "itemId", count(*) as n from commitment c join application ap on ap.id = c.application_id
        where c.signed_at >= ${a} and c.signed_at < ${b} group by 1`,
  );
  await grouped(
    'materialsCut',
    sql`select ap.item_id as "itemId", count(*) as n
        from application ap cross join lateral jsonb_array_elements(ap.materials) m
        where ap.submitted_at >= ${a} and ap.submitted_at < ${b}
          and m->>'state' in ('committed', 'shared', 'in_form') group by 1`,
  );
  await grouped(
    'missingMaterialCases',
    sql`select item_id as "itemId", count(*) as n from application
        where mode = 'missing_materials' and submitted_at >= ${a} and submitted_at < ${b} group by 1`,
  );
  const decided = await queryRows<{
    itemId: string;
    approved: string;
    instant: string;
    taken: string;
    legal: string;
  }>(
    db,
    sql`select ap.item_id as "itemId", count(*) as approved, count(*) filter (where d.instant) as instant,
          coalesce(sum(ap.working_days_taken), 0) as taken, coalesce(sum(ap.legal_time_limit_days), 0) as legal
        from decision d join application ap on ap.id = d.application_id
        where d.outcome = 'approved' and d.decided_at >= ${a} and d.decided_at < ${b} group by 1`,
  );
  for (const r of decided) {
    const c = byItem.get(r.itemId);
    if (!c) continue;
    c.approved += Number(r.approved);
    c.instantDecisions += Number(r.instant);
    c.workingDaysTaken += Number(r.taken);
    c.legalTimeLimitDays += Number(r.legal);
    c.workingDaysSaved += Number(r.legal) - Number(r.taken);
  }
  const taskItem = sql.raw('v.item_id');
  await grouped(
    'verificationsDone',
    sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
        where t.status in ('closed', 'defence_accepted', 'revoked') and t.closed_at >= ${a} and t.closed_at < ${b} group by 1`,
  );
  await grouped(
    'verificationsOpen',
    sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
        where t.status in ('pending', 'assigned') and t.created_at < ${b} group by 1`,
  );
  const overdueBefore = today < input.to ? today : chinaDate(b);
  await grouped(
    'verificationsOverdue',
    sql`select ${taskItem} as "itemId", count(*) as n from verification_task t join catalog_version v on v.id = t.item_version_id
        where t.status in ('pending', 'assigned') and t.due_date < ${overdueBefore} group by 1`,
  );
  await grouped(
    'breaches',
    sql`select ${taskItem} as "itemId", count(*) as n from verification_event e
        join verification_task t on t.id = e.task_id join catalog_version v on v.id = t.item_version_id
        where e.event in ('find_breach', 'find_false') and e.at >= ${a} and e.at < ${b} group by 1`,
  );
  await grouped(
    'revocations',
    sql`select ${taskItem} as "itemId", count(*) as n from verification_event e
        join verification_task t on t.id = e.task_id join catalog_version v on v.id = t.item_version_id
        where e.event = 'revoke' and e.at >= ${a} and e.at < ${b} group by 1`,
  );
  await grouped(
    'repairs',
    sql`select ap.item_id as "itemId", count(*) as n from credit_repair_request q
        join credit_record r on r.id = q.record_id join application ap on ap.id::text = r.application_id
        where q.status = 'approved' and q.decided_at >= ${a} and q.decided_at < ${b} group by 1`,
  );

  const rows =
    input.groupBy === 'item'
      ? items.map((i) => ({
          key: i.itemId,
          code: i.code,
          name: i.name,
          departmentName: i.departmentName,
          ...byItem.get(i.itemId)!,
        }))
      : [...groupByDepartment(items, byItem).values()];
  const totals = zero();
  for (const c of byItem.values()) for (const m of metrics) totals[m] += c[m];
  // Repairs of records that came from no application count in the totals, not against an item.
  const [allRepairs] = await queryRows<{ n: string }>(
    db,
    sql`select count(*) as n from credit_repair_request q join credit_record r on r.id = q.record_id
        where q.status = 'approved' and q.decided_at >= ${a} and q.decided_at < ${b}
        ${inDept(sql.raw('r.department_id'))}`,
  );
  totals.repairs = Number(allRepairs?.n ?? 0);

  return {
    from: input.from,
    to: input.to,
    groupBy: input.groupBy,
    rows,
    totals,
    nonDiscrimination: await nonDiscrimination(ctx, a, b, dept),
  };
}

function groupByDepartment(items: ItemRow[], byItem: Map<string, Counts>) {
  const out = new Map<string, { key: string; code: null; name: string; departmentName: string } & Counts>();
  for (const i of items) {
    const row = out.get(i.departmentId) ?? {
      key: i.departmentId,
      code: null,
      name: i.departmentName,
      departmentName: i.departmentName,
      ...zero(),
    };
    const c = byItem.get(i.itemId)!;
    for (const m of metrics) row[m] += c[m];
    out.set(i.departmentId, row);
  }
  return out;
}

/**
 * Holders of licenses issued in the period, split by route, and how many of each were drawn for a random
 * inspection in the period (the draw in force, not superseded ones). Inspections name subjects by code;
 * holders are known by their keyed lookup hash, so the codes are hashed the same way to match.
 */
async function nonDiscrimination(ctx: ReadCtx, a: Date, b: Date, dept: string | null) {
  const holders = await queryRows<{ lookup: string; commitment: boolean }>(
    ctx.db,
    sql`select distinct ap.subject_lookup as lookup,
          (ap.mode in (${sql.join(
            commitmentModes.map((m) => sql`${m}`),
            sql`, `,
          )})) as commitment
        from license l join application ap on ap.id = l.application_id
        where l.issued_at >= ${a} and l.issued_at < ${b} ${dept ? sql`and ap.department_id = ${dept}` : sql``}`,
  );
  const drawn = await queryRows<{ code: string }>(
    ctx.db,
    sql`select distinct i.subject_code as code from inspection i join inspection_draw d on d.id = i.draw_id
        where d.superseded_at is null and d.drawn_at >= ${a} and d.drawn_at < ${b}`,
  );
  const inspected = new Set(drawn.map((d) => ctx.crypto.lookupHash(d.code)));
  const rate = (commitment: boolean) => {
    const group = holders.filter((h) => h.commitment === commitment);
    const n = group.filter((h) => inspected.has(h.lookup)).length;
    return { holders: group.length, inspected: n, rate: group.length ? n / group.length : null };
  };
  const commitmentRoute = rate(true);
  const standardRoute = rate(false);
  return {
    commitmentRoute,
    standardRoute,
    ratio:
      commitmentRoute.rate !== null && standardRoute.rate ? commitmentRoute.rate / standardRoute.rate : null,
  };
}
