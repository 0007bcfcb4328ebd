import { type StaffRole, staffRoleLabels } from '../../../contracts/enums';
import type { EscalationGap, EscalationKind } from '../../../contracts/escalation';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import type { CacheReader } from '../../runtime/caches';
import { cachedDepartment } from '../accounts/department-cache';
import { notify } from '../inbox/notify';
import { activeStaffOf, centreStewards, insertEscalation, type StaffMember } from './repository';

/** Someone must hold `role` in `departmentId`, `needed` of them (two inspectors for an on-site check). */
export type StaffNeed = { departmentId: string; role: StaffRole; needed: number };

/** The needs these staff do not meet, named for a person to read. */
export async function gapsIn(
  ctx: CacheReader,
  staff: StaffMember[],
  needs: StaffNeed[],
): Promise<EscalationGap[]> {
  const gaps: EscalationGap[] = [];
  for (const n of needs) {
    const present = staff.filter((s) => s.departmentId === n.departmentId && s.roles.includes(n.role)).length;
    if (present >= n.needed) continue;
    const dept = await cachedDepartment(ctx, n.departmentId);
    gaps.push({
      departmentId: n.departmentId,
      departmentName: dept?.name ?? '',
      role: n.role,
      roleLabel: staffRoleLabels[n.role],
      needed: n.needed,
      present,
    });
  }
  return gaps;
}

export async function staffingGaps(ctx: CacheReader, needs: StaffNeed[]): Promise<EscalationGap[]> {
  if (!needs.length) return [];
  return gapsIn(
    ctx,
    await activeStaffOf(
      ctx.db,
      needs.map((n) => n.departmentId),
    ),
    needs,
  );
}

/** “乌审旗民政局没有审批人员”, “乌审旗卫生健康综合行政执法大队只有1名执法检查人员（需要2名）”. */
export const describeGap = (g: EscalationGap): string =>
  g.present === 0
    ? `${g.departmentName}没有在岗的${g.roleLabel}`
    : `${g.departmentName}只有${g.present}名${g.roleLabel}（需要${g.needed}名）`;

/**
 * Work created where nobody can act goes to the service centre's queue instead of nowhere (15.6): the
 * queue row, a notice to each of the centre's system and catalog administrators, and an audit row, in
 * the transaction that created the work. Nothing happens when the gaps are empty or the work is queued.
 */
export async function escalate(
  ctx: Ctx,
  input: { kind: EscalationKind; refType: string; refId: string; summary: string; gaps: EscalationGap[] },
): Promise<void> {
  if (!input.gaps.length) return;
  const row = await insertEscalation(ctx.tx, {
    kind: input.kind,
    refType: input.refType,
    refId: input.refId,
    summary: input.summary,
    gaps: input.gaps,
    status: 'open',
    createdAt: ctx.now,
  });
  if (!row) return;
  const why = input.gaps.map(describeGap).join('；');
  for (const s of await centreStewards(ctx.tx)) {
    await notify(ctx, {
      userId: s.id,
      kind: 'escalation',
      title: `无人办理，转政务服务中心：${input.summary}`,
      body: `${why}。请增设人员后指派，或写明处理结果办结。`,
      refType: 'escalation',
      refId: row.id,
    });
  }
  await appendAudit(ctx, {
    action: 'escalation.create',
    targetType: 'escalation',
    targetId: row.id,
    after: { kind: row.kind, refType: row.refType, refId: row.refId, gaps: row.gaps },
  });
}
