import type { Ctx } from '../../context';
import type { ApplicationRow } from '../applications/repository';
import type { VersionRow } from '../catalog/repository';
import { escalate, staffingGaps } from './staffing';

/**
 * An application waiting for review in a department with no approver would wait forever: it goes to the
 * service centre's queue as it enters review (15.6).
 */
export async function escalateIfNobodyReviews(
  ctx: Ctx,
  app: Pick<ApplicationRow, 'id' | 'number' | 'departmentId' | 'subjectName'>,
  v: Pick<VersionRow, 'name'>,
): Promise<void> {
  const gaps = await staffingGaps(ctx, [{ departmentId: app.departmentId, role: 'approver', needed: 1 }]);
  await escalate(ctx, {
    kind: 'application_review',
    refType: 'application',
    refId: app.id,
    summary: `${v.name}：${app.subjectName}的申请${app.number}待审查`,
    gaps,
  });
}
