import { type ReportState, reportStateLabels, reportStates } from '../../../../contracts/reports';
import type { ReadCtx } from '../../../context';
import { reportCounts } from '../repository';
import { reportState } from '../state';

/**
 * Reports and their outcomes for the statistics: county-wide for those who read the county's figures
 * (auditors, administrators, 纪检监察), the own department's otherwise. The statistics report passes its
 * own department scope and period (reports received in [a, b)).
 */
export async function reportStatistics(
  ctx: ReadCtx,
  scope?: { departmentId: string | null; a: Date; b: Date },
) {
  if (scope) return countByState(await reportCounts(ctx.db, scope.departmentId, scope));
  const countyWide =
    ctx.actor.kind === 'system' ||
    (ctx.actor.kind === 'staff' &&
      ctx.actor.roles.some(
        (r) =>
          r === 'auditor' || r === 'system_admin' || r === 'catalog_admin' || r === 'discipline_inspector',
      ));
  const departmentId = countyWide || ctx.actor.kind !== 'staff' ? null : ctx.actor.departmentId;
  return countByState(await reportCounts(ctx.db, departmentId));
}

function countByState(rows: Awaited<ReturnType<typeof reportCounts>>) {
  const by = new Map<ReportState, number>();
  for (const r of rows) {
    const s = reportState(r.taskStatus, r.closed);
    by.set(s, (by.get(s) ?? 0) + Number(r.n));
  }
  return {
    total: [...by.values()].reduce((a, b) => a + b, 0),
    byState: reportStates.map((state) => ({
      state,
      label: reportStateLabels[state],
      count: by.get(state) ?? 0,
    })),
  };
}
