import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { presentDataGrant } from '../present';
import { findSubscription, listDataGrants as listRows } from '../repository';

/** A subscription's grants of personal data in clear, current and past, newest first. */
export async function listDataGrants(ctx: ReadCtx, subscriptionId: string) {
  if (!(await findSubscription(ctx.db, subscriptionId))) throw new DomainError('NOT_FOUND', '推送订阅不存在');
  return (await listRows(ctx.db, subscriptionId)).map(presentDataGrant);
}

/** One grant as the list shows it (the answer to granting or revoking). */
export async function showDataGrant(ctx: ReadCtx, grant: { id: string; subscriptionId: string }) {
  const [row] = await listRows(ctx.db, grant.subscriptionId, grant.id);
  if (!row) throw new DomainError('NOT_FOUND', '授权不存在');
  return presentDataGrant(row);
}
