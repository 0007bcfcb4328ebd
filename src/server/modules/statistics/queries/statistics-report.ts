import { sql } from 'drizzle-orm';
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
import { reportStatistics } from '../../reports/queries/report-statistics';
import {
  additiveCounts,
  approvedRepairs,
  drawnHolders,
  type ItemCount,
  type ItemMetricCount,
  type ItemRow,
  liveHolders,
  type RollupState,
  type RouteHolders,
  reportItems,
  rolledUpCounts,
  rolledUpHolders,
  rollupState,
  stateCountsByItem,
  unhashedDrawnCodes,
} from '../repository';

type Counts = Record<Metric, number>;

const zero = (): Counts => Object.fromEntries(metrics.map((m) => [m, 0])) as Counts;

/** Roles that oversee the whole county; everyone else with the permission sees only their department. */
const countyWide = ['auditor', 'system_admin', 'catalog_admin'];

function departmentScope(actor: Actor, asked: string | undefined): string | null {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员查看统计');
  if (actor.roles.some((r) => countyWide.includes(r))) return asked ?? null;
  if (asked && asked !== actor.departmentId) throw new DomainError('FORBIDDEN', '只能查看本部门的统计');
  return actor.departmentId;
}

/**
 * The report the caller may see: county-wide for those who oversee the county, else their department's.
 * `direct` counts every day from the cases themselves, bypassing the roll-up (for checking it).
 */
export function statisticsReport(
  ctx: ReadCtx,
  q: Static<typeof StatisticsQuery>,
  opts: { direct?: boolean } = {},
) {
  const input = {
    from: q.from,
    to: q.to,
    groupBy: q.groupBy ?? 'item',
    departmentId: departmentScope(ctx.actor, q.departmentId),
  } as const;
  const direct = opts.direct ?? false;
  if (direct || ctx.db !== ctx.database.db) return buildReport(ctx, input, direct);
  // One read-only snapshot: the roll-up, the days after it and the open tasks as of one moment. Serial
  // plans: after the roll-up each statement reads an index range of a few thousand entries at most, and on
  // two shared cores starting parallel workers cost more than such a read (tens of milliseconds under load).
  return ctx.database.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
      return buildReport({ ...ctx, db: tx }, input, direct);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * The additive figures of [from, to]: the days the roll-up reaches from it, the later ones counted
 * directly (normally only today and yesterday, until the next refresh).
 */
async function additiveFigures(
  ctx: ReadCtx,
  from: string,
  to: string,
  rollup: RollupState | null,
): Promise<ItemMetricCount[]> {
  if (!rollup || rollup.through < from) return additiveCounts(ctx.db, chinaDayStart(from), chinaDayEnd(to));
  const through = rollup.through < to ? rollup.through : to;
  const rolled = await rolledUpCounts(ctx.db, from, through, rollup.through);
  if (through === to) return rolled;
  return [...rolled, ...(await additiveCounts(ctx.db, chinaDayEnd(through), chinaDayEnd(to)))];
}

/**
 * The reporting figures (001, 003) for one period, per item or department. Each figure is keyed by item;
 * department rows are sums of their items, so both views always agree.
 */
async function buildReport(
  ctx: ReadCtx,
  input: { from: string; to: string; groupBy: 'item' | 'department'; departmentId: string | null },
  direct: boolean,
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
  const rollup = direct ? null : await rollupState(db);
  for (const r of await additiveFigures(ctx, input.from, input.to, rollup)) add([r], r.metric);
  for (const [metric, rows] of Object.entries(await stateCountsByItem(db, a, b, overdueBefore))) {
    add(rows, metric as Metric);
  }
  for (const c of byItem.values()) c.workingDaysSaved = c.legalTimeLimitDays - c.workingDaysTaken;
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
    nonDiscrimination: await nonDiscrimination(ctx, { ...input, a, b }, rollup),
    publicReports: await reportStatistics(ctx, { departmentId: dept, a, b }),
    rollup: rollup
      ? {
          through: rollup.through,
          refreshedAt: rollup.refreshedAt.toISOString(),
          note:
            rollup.through < input.to
              ? `${rollup.through} 及以前的数字取自 ${rollup.refreshedAt.toISOString()} 计算的汇总表，此后各日为实时计数`
              : `数字取自 ${rollup.refreshedAt.toISOString()} 计算的汇总表`,
        }
      : { through: null, refreshedAt: null, note: '全部为实时计数' },
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
 * Holders of licenses issued in [from, to]: from the roll-up for the days it reaches, plus the holders of
 * later days who had no license by the same route in the rolled-up part of the period (counted live).
 */
async function periodHolders(
  ctx: ReadCtx,
  p: { from: string; to: string; a: Date; b: Date; departmentId: string | null },
  rollup: RollupState | null,
): Promise<RouteHolders[]> {
  const dept = p.departmentId;
  if (!rollup || rollup.through < p.from) return liveHolders(ctx.db, { a: p.a, c: p.a, b: p.b, dept });
  // ISO dates sort as strings: the roll-up's end or the period's, whichever is earlier.
  const through = [rollup.through, p.to].sort()[0]!;
  const rolled = await rolledUpHolders(ctx.db, p.from, through, dept);
  if (through === p.to) return rolled;
  return [...rolled, ...(await liveHolders(ctx.db, { a: p.a, c: chinaDayEnd(through), b: p.b, dept }))];
}

/**
 * Holders of licenses issued in the period, split by route, and how many of each were drawn for a random
 * inspection in the period (the draw in force, not superseded ones). Holders are known by their keyed
 * lookup hash, which each drawn subject keeps beside its code; enterprises drawn before it was kept are
 * hashed here.
 */
async function nonDiscrimination(
  ctx: ReadCtx,
  p: { from: string; to: string; a: Date; b: Date; departmentId: string | null },
  rollup: RollupState | null,
) {
  const unhashed = (await unhashedDrawnCodes(ctx.db, p.a, p.b)).map((c) => ctx.crypto.lookupHash(c));
  const holders = await periodHolders(ctx, p, rollup);
  const drawn = await drawnHolders(ctx.db, { a: p.a, b: p.b, dept: p.departmentId }, unhashed);
  // A license from a case without a mode (none today) belongs to neither route.
  const sum = (rows: RouteHolders[], commitment: boolean) =>
    rows.filter((r) => r.commitment === commitment).reduce((n, r) => n + r.holders, 0);
  const rate = (commitment: boolean) => {
    const group = { holders: sum(holders, commitment), inspected: sum(drawn, commitment) };
    return {
      holders: group.holders,
      inspected: group.inspected,
      rate: group.holders ? group.inspected / group.holders : null,
    };
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
