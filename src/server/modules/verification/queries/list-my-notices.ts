import { DomainError } from '../../../../domain/errors';
import { chinaDate } from '../../../../domain/working-days';
import type { ReadCtx } from '../../../context';
import { presentNotice } from '../present';
import { noticesOfParty } from '../repository';

/** The defence notices served on the caller. */
export async function listMyNotices(ctx: ReadCtx, query: { page: number; pageSize: number }) {
  if (ctx.actor.kind !== 'applicant') throw new DomainError('FORBIDDEN', '仅申请人账号可以查看');
  const { page, pageSize } = query;
  const { rows, total } = await noticesOfParty(ctx.db, ctx.actor.userId, page, pageSize);
  const today = chinaDate(ctx.now);
  return { items: rows.map((n) => presentNotice(n, today)), total, page, pageSize };
}
