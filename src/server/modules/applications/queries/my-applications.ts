import { DomainError } from '../../../../domain/errors';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { presentApplications } from '../present';
import { listApplications } from '../repository';

/** The applicant's own cases, newest first, with their deadlines and next step. */
export async function myApplications(ctx: ReadCtx, query: { page: number; pageSize: number }) {
  if (ctx.actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '仅申请人账号可以查看');
  const { page, pageSize } = query;
  const { rows, total } = await listApplications(
    ctx.db,
    { applicantUserId: ctx.actor.userId },
    'recent',
    page,
    pageSize,
  );
  return {
    items: await presentApplications(ctx, rows, { today: chinaDate(ctx.now) }),
    total,
    page,
    pageSize,
  };
}
