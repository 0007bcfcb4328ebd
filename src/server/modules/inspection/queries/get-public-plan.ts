import { DomainError } from '../../../../domain/errors';
import type { PublicReadCtx } from '../../../http/route';
import { planView } from '../present';
import { findPlan } from '../repository';

/** What the public may see of a plan: seed, list hashes, ratios, the draw and published results, persons masked. */
export async function getPublicPlan(ctx: PublicReadCtx, id: string) {
  const plan = await findPlan(ctx.db, ctx.crypto, id);
  if (!plan) throw new DomainError('NOT_FOUND', '抽查计划不存在');
  return planView(ctx.db, plan, 'public', ctx.now, ctx.crypto);
}
