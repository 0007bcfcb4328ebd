import type { Static } from 'typebox';
import type { DrawQuery } from '../../../../contracts/verification';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { presentDraw } from '../present';
import { listDraws as listRows } from '../repository';

/** The sampling draws of the items the caller's department supervises, for its supervision administrators. */
export async function listDraws(ctx: ReadCtx, query: Static<typeof DrawQuery>) {
  const a = ctx.actor;
  if (a.kind !== 'staff' || !a.roles.includes('supervision_admin')) {
    throw new DomainError('FORBIDDEN', '仅限监管管理员查看抽查记录');
  }
  const { page, pageSize, status } = query;
  const { rows, total } = await listRows(ctx.db, a.departmentId, status, page, pageSize);
  return { items: rows.map((r) => presentDraw(r.draw, r.itemName)), total, page, pageSize };
}
