import type { CreateItem } from '../../../contracts/catalog';
import { DomainError } from '../../../domain/errors';
import { findItemByCode, insertItem, type VersionRow } from './repository';
import { assertMayDraft, type CatalogCtx, insertDraft, prepareContent } from './shared';

/** A new item: the item row and its version 1 as a draft of the owning department. */
export async function createItem(ctx: CatalogCtx, input: CreateItem): Promise<VersionRow> {
  assertMayDraft(ctx.actor, input.departmentId);
  const { code, departmentId, ...content } = input;
  const prepared = await prepareContent(ctx, code, departmentId, content);
  if (await findItemByCode(ctx.tx, code)) {
    throw new DomainError('CONFLICT', `事项编码“${code}”已存在`, { field: 'code' });
  }
  const item = await insertItem(ctx.tx, { code, departmentId, createdAt: ctx.now });
  return insertDraft(ctx, item, 1, prepared, 'catalog.item_create');
}
