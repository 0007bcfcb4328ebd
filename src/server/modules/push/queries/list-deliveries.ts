import type { Static } from 'typebox';
import type { DeliveryQuery } from '../../../../contracts/push';
import type { ReadCtx } from '../../../context';
import { presentDelivery } from '../present';
import { listDeliveries as listRows } from '../repository';

export async function listDeliveries(ctx: ReadCtx, query: Static<typeof DeliveryQuery>) {
  const { page, pageSize, subscriptionId, status } = query;
  const { rows, total } = await listRows(ctx.db, { subscriptionId, status }, page, pageSize);
  return { items: rows.map(presentDelivery), total, page, pageSize };
}
