import { DomainError } from '../../../../domain/errors';
import type { ReadCtx } from '../../../context';
import { presentVersions } from '../present';
import { findItem, listVersionsOfItem } from '../repository';

export async function listVersions(ctx: ReadCtx, itemId: string) {
  if (!(await findItem(ctx.db, itemId))) throw new DomainError('NOT_FOUND', '事项不存在');
  return { items: await presentVersions(ctx.db, await listVersionsOfItem(ctx.db, itemId)) };
}
