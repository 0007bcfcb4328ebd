import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { presentPolicy } from '../present';
import { findPolicy } from '../repository';

/** One policy version: whoever runs checks may read the rule a check was decided by. */
export async function showPolicy(ctx: ReadCtx, id: string) {
  const p = await findPolicy(ctx.db, id);
  if (!p) throw new DomainError('NOT_FOUND', '准入规则版本不存在');
  return presentPolicy(p);
}
