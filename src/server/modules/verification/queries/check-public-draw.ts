import { DomainError } from '../../../../domain/errors';
import type { PublicReadCtx } from '../../../http/route';
import { checkDraw } from '../present';
import { findDraw } from '../repository';

/** Re-runs one sampling draw from its published seed and inputs. */
export async function checkPublicDraw(ctx: PublicReadCtx, id: string) {
  const row = await findDraw(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', '抽取记录不存在');
  return checkDraw(row.draw, row.itemName, row.seed);
}
