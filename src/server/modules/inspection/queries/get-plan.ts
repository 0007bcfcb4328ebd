import { assertSameDepartment } from '../../../../domain/access';
import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { planView } from '../present';
import { findPlan } from '../repository';

/** A plan in full for its own department: draws, results, publication deadlines. */
export async function getPlan(ctx: ReadCtx, id: string) {
  const plan = await findPlan(ctx.db, ctx.crypto, id);
  if (!plan) throw new DomainError('NOT_FOUND', '抽查计划不存在');
  assertSameDepartment(ctx.actor, plan.departmentId);
  return planView(ctx.db, plan, 'staff', ctx.now, ctx.crypto);
}
