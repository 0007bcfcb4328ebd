import { DomainError } from '../../../../domain/errors';
import type { PublicReadCtx } from '../../../http/route';
import { verifyDraw } from '../present';

/** Re-runs a draw from its published inputs and compares the outcome with the published one. */
export async function verifyPublishedDraw(ctx: PublicReadCtx, drawId: string) {
  const result = await verifyDraw(ctx.db, ctx.crypto, drawId);
  if (!result) throw new DomainError('NOT_FOUND', '抽取记录不存在');
  return result;
}
