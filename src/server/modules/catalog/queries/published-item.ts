import { DomainError } from '../../../../domain/errors';
import type { PublicReadCtx } from '../../../http/route';
import { presentPublic } from '../present';
import { findPublishedByCode } from '../repository';

/** A published item as the public sees it: materials, modes, time limits, forms. */
export async function publishedItem(ctx: PublicReadCtx, code: string) {
  const v = await findPublishedByCode(ctx.db, code);
  if (!v) throw new DomainError('NOT_FOUND', '事项不存在或未发布');
  return presentPublic(ctx.db, v);
}
