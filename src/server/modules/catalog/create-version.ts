import type { ItemContent } from '../../../contracts/catalog';
import { DomainError } from '../../../domain/errors';
import { findItem, findVersionInStatus, nextVersionNo, type VersionRow } from './repository';
import { assertMayDraft, type CatalogCtx, insertDraft, prepareContent } from './shared';

/**
 * A catalog change is a new version: published versions are never edited. Only one version of an item may
 * be in the making at a time (draft, in review or approved).
 */
export async function createVersion(
  ctx: CatalogCtx,
  itemId: string,
  input: ItemContent,
): Promise<VersionRow> {
  const item = await findItem(ctx.tx, itemId);
  if (!item) throw new DomainError('NOT_FOUND', '事项不存在', { itemId });
  assertMayDraft(ctx.actor, item.departmentId);
  const open = await findVersionInStatus(ctx.tx, itemId, [
    'draft',
    'legal_review',
    'justice_approval',
    'approved',
  ]);
  if (open) {
    throw new DomainError('CONFLICT', `该事项已有未发布的第${open.versionNo}版，请在其上修改或先撤回`, {
      versionId: open.id,
    });
  }
  const prepared = await prepareContent(ctx, item.code, item.departmentId, input);
  return insertDraft(ctx, item, await nextVersionNo(ctx.tx, itemId), prepared, 'catalog.version_create');
}
