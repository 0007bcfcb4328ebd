import type { CreateItem } from '../../../contracts/catalog';
import { DomainError } from '../../../domain/errors';
import { appendEvent, findItemByCode, insertItem, insertVersion, type VersionRow } from './repository';
import { actorRef, assertMayDraft, audit, type CatalogCtx, prepareContent } from './shared';

/** A new item: the item row and its version 1 as a draft of the owning department. */
export async function createItem(ctx: CatalogCtx, input: CreateItem): Promise<VersionRow> {
  assertMayDraft(ctx.actor, input.departmentId);
  const { code, departmentId, ...content } = input;
  const prepared = await prepareContent(ctx, code, departmentId, content);
  if (await findItemByCode(ctx.tx, code)) {
    throw new DomainError('CONFLICT', `事项编码“${code}”已存在`, { field: 'code' });
  }
  const item = await insertItem(ctx.tx, { code, departmentId, createdAt: ctx.now });
  const version = await insertVersion(ctx.tx, {
    ...prepared,
    itemId: item.id,
    versionNo: 1,
    status: 'draft',
    code,
    departmentId,
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
    action: 'catalog.item_create',
    targetType: 'catalog_version',
    targetId: version.id,
    after: version,
  });
  return version;
}
