import type { ApplicationStatus } from '../../../../contracts/applications';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { presentApplications } from '../present';
import { type ApplicationFilter, listApplications } from '../repository';

/**
 * The work queue, green channel first and then first come, first served. The comprehensive window and
 * auditors see every department's cases; other staff and tokens only their own department's.
 */
export async function listQueue(
  ctx: ReadCtx,
  query: { page: number; pageSize: number; status?: ApplicationStatus | undefined },
) {
  const { page, pageSize, status } = query;
  const { actor } = ctx;
  const filter: ApplicationFilter = status ? { status } : {};
  if (actor.kind === 'staff' && !actor.roles.includes('window_clerk') && !actor.roles.includes('auditor')) {
    filter.departmentId = actor.departmentId;
  }
  const { rows, ...total } = await listApplications(ctx.db, filter, 'queue', page, pageSize);
  return {
    items: await presentApplications(ctx, rows, { today: chinaDate(ctx.now) }),
    ...total,
    page,
    pageSize,
  };
}
