import type { ItemContent } from '../../../contracts/catalog';
import { DomainError } from '../../../domain/errors';
import { appendEvent, updateDraftContent, type VersionRow } from './repository';
import { actorRef, assertMayDraft, audit, type CatalogCtx, prepareContent, requireVersion } from './shared';

/** Replaces a draft's content. Anything past draft is immutable: the UPDATE only matches drafts. */
export async function updateDraft(
  ctx: CatalogCtx,
  versionId: string,
  input: ItemContent,
): Promise<VersionRow> {
  const before = await requireVersion(ctx, versionId);
  assertMayDraft(ctx.actor, before.departmentId);
  if (before.status !== 'draft') {
    throw new DomainError(
      'INVALID_TRANSITION',
      '只有草稿可以修改；已提交或已发布的版本不可更改，请新建版本',
      {
        status: before.status,
      },
    );
  }
  const prepared = await prepareContent(ctx, before.code, before.departmentId, input);
  const after = await updateDraftContent(ctx.tx, versionId, prepared, ctx.now);
  if (!after) throw new DomainError('CONFLICT', '该版本已被他人提交，请刷新后重试', { versionId });
  await appendEvent(ctx.tx, {
    versionId,
    event: 'edit',
    fromStatus: 'draft',
    toStatus: 'draft',
    ...actorRef(ctx.actor),
    comment: null,
    at: ctx.now,
  });
  await audit(ctx, {
    action: 'catalog.version_edit',
    targetType: 'catalog_version',
    targetId: versionId,
    before,
    after,
  });
  return after;
}
