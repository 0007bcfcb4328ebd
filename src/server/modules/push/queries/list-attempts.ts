import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { presentAttempt } from '../present';
import { findDelivery, listAttempts as listRows } from '../repository';

/** Each attempt to deliver one message: when, the answer's status code, the error, how long it took. */
export async function listAttempts(
  ctx: ReadCtx,
  deliveryId: number,
  query: { page: number; pageSize: number },
) {
  if (!(await findDelivery(ctx.db, deliveryId))) throw new DomainError('NOT_FOUND', '推送记录不存在');
  const { page, pageSize } = query;
  const { rows, total } = await listRows(ctx.db, deliveryId, page, pageSize);
  return { items: rows.map(presentAttempt), total, page, pageSize };
}
