import type { StaffRole } from '../../../contracts/enums';
import { hasCommitmentMode } from '../../../domain/catalog';
import type { CacheReader } from '../../runtime/caches';
import { describeGap, type StaffNeed, staffingGaps } from '../escalation/staffing';
import type { VersionRow } from './repository';

const consequence: Partial<Record<StaffRole, string>> = {
  approver: '申请将无人审查、决定，核查发现问题也无人撤销',
  supervision_admin: '核查任务将无人分派',
  inspector: '核查任务将无人核查（现场核查须两名核查人员）',
};

/**
 * 15.6: who must be there for this item's cases to reach an end — an approver in the approving
 * department; where commitments are verified, a supervision administrator and inspectors (two where an
 * on-site check can be ordered) in the supervising department. Each one missing is a warning, in Chinese;
 * publishing goes ahead, and work that meets the gap later goes to the service centre's queue.
 */
export async function staffingWarnings(ctx: CacheReader, v: VersionRow): Promise<string[]> {
  const needs: StaffNeed[] = [{ departmentId: v.departmentId, role: 'approver', needed: 1 }];
  if (hasCommitmentMode(v.modes)) {
    const supervising = v.supervisingDepartmentId ?? v.departmentId;
    const onSite =
      v.modes.includes('enter_then_verify') ||
      v.verification.method === 'on_site' ||
      v.verification.byGrade.some((g) => g.method === 'on_site');
    needs.push(
      { departmentId: supervising, role: 'supervision_admin', needed: 1 },
      { departmentId: supervising, role: 'inspector', needed: onSite ? 2 : 1 },
    );
  }
  const gaps = await staffingGaps(ctx, needs);
  return gaps.map((g) => `${describeGap(g)}：${consequence[g.role] ?? ''}`);
}
