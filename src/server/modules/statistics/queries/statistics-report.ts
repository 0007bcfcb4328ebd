import type { Static } from 'typebox';
import {
  type Metric,
  metrics,
  type StatisticsQuery,
  type StatisticsReport,
} from '../../../../contracts/statistics';
import type { Actor } from '../../../../domain/access';
import { DomainError } from '../../../../domain/errors';
import { chinaDate, chinaDayEnd, chinaDayStart } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import {
  approvedRepairs,
  countsByItem,
  decidedByItem,
  drawnSubjects,
  type ItemCount,
  type ItemRow,
  licenseHolders,
  reportItems,
} from '../repository';

type Counts = Record<Metric, number>;

const zero = (): Counts => Object.fromEntries(metrics.map((m) => [m, 0])) as Counts;

/**
 * The reporting figures (001, 003) for one period, per item or department. Each figure is one grouped
 * query keyed by item; department rows are sums of their items, so both views always agree.
 */
/** Roles that oversee the whole county; everyone else with the permission sees only their department. */
const countyWide = ['auditor', 'system_admin', 'catalog_admin'];

function departmentScope(actor: Actor, asked: string | undefined): string | null {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看统计');
  if (actor.roles.some((r) => countyWide.includes(r))) return asked ?? null;
  if (asked && asked !== actor.departmentId) throw new DomainError('FORBIDDEN', '只能查看本部门的统计');
  return actor.departmentId;
}

/** The report the caller may see: county-wide for those who oversee the county, else their department's. */
export function statisticsReport(ctx: ReadCtx, q: Static<typeof StatisticsQuery>) {
  return buildReport(ctx, {
    from: q.from,
    to: q.to,
    groupBy: q.groupBy ?? 'item',
    departmentId: departmentScope(ctx.actor, q.departmentId),
  });
}

async function buildReport(
  ctx: ReadCtx,
  input: { from: string; to: string; groupBy: 'item' | 'department'; departmentId: string | null },
): Promise<Static<typeof StatisticsReport>> {
  if (input.to < input.from) throw new DomainError('VALIDATION', '统计截止日期不能早于开始日期');
  const a = chinaDayStart(input.from);
  const b = chinaDayEnd(input.to);
  const today = chinaDate(ctx.now);
  const dept = input.departmentId;
  const db = ctx.db;

  const items = await reportItems(db, dept);
  const byItem = new Map<string, Counts>(items.map((i) => [i.itemId, zero()]));
  const add = (rows: ItemCount[] = [], metric: Metric) => {
    for (const r of rows) {
      const c = byItem.get(r.itemId);
      if (c) c[metric] += Number(r.n);
    }
  };

  const overdueBefore = today < input.to ? today : chinaDate(b);
  for (const [metric, rows] of Object.entries(await countsByItem(db, a, b, overdueBefore))) {
    add(rows, metric as Metric);
  }
  const decided = await decidedByItem(db, a, b);
  for (const r of decided) {
    const c = byItem.get(r.itemId);
    if (!c) continue;
    c.approved += Number(r.approved);
    c.instantDecisions += Number(r.instant);
    c.workingDaysTaken += Number(r.taken);
    c.legalTimeLimitDays += Number(r.legal);
    c.workingDaysSaved += Number(r.legal) - Number(r.taken);
  }
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
  totals.repairs = await approvedRepairs(db, a, b, dept);

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
  const holders = await licenseHolders(ctx.db, a, b, dept);
  const drawn = await drawnSubjects(ctx.db, a, b);
  const inspected = new Set(drawn.map((d) => d.hash ?? ctx.crypto.lookupHash(d.code)));
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
