import type { ItemContent } from '../../../contracts/catalog';
import { DomainError } from '../../../domain/errors';
import {
  appendEvent,
  findItem,
  findVersionInStatus,
  insertVersion,
  nextVersionNo,
  type VersionRow,
} from './repository';
import { actorRef, assertMayDraft, audit, type CatalogCtx, prepareContent } from './shared';

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
  const version = await insertVersion(ctx.tx, {
    ...prepared,
    itemId,
    versionNo: await nextVersionNo(ctx.tx, itemId),
    status: 'draft',
    code: item.code,
    departmentId: item.departmentId,
    createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await appendEvent(ctx.tx, {
    versionId: version.id,
    event: 'create',
    fromStatus: null,
    toStatus: 'draft',
    ...actorRef(ctx.actor),
    comment: null,
    at: ctx.now,
  });
  await audit(ctx, {
    action: 'catalog.version_create',
    targetType: 'catalog_version',
    targetId: version.id,
    after: version,
  });
  return version;
}
