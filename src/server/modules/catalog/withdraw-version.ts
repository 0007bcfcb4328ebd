import { hasPermission } from '../../../domain/access';
import type { VersionRow } from './repository';
import {
  assertMayDraft,
  assertPermissionFor,
  audit,
  type CatalogCtx,
  requireVersion,
  transition,
} from './shared';

/**
 * Withdraws a version: the drafting department may abandon its own draft; an approved or published version
 * is taken off the catalog only by the service centre (catalog.publish).
 */
export async function withdrawVersion(
  ctx: CatalogCtx,
  versionId: string,
  reason: string,
): Promise<VersionRow> {
  const before = await requireVersion(ctx, versionId);
  if (before.status === 'draft' && !hasPermission(ctx.actor, 'catalog.publish')) {
    assertMayDraft(ctx.actor, before.departmentId);
  } else {
    assertPermissionFor(ctx.actor, 'catalog.publish');
  }
  const after = await transition(ctx, before, 'withdraw', { comment: reason });
  await audit(ctx, {
    action: 'catalog.version_withdraw',
    targetType: 'catalog_version',
    targetId: versionId,
    before: { status: before.status },
    after: { status: after.status, reason },
  });
  return after;
}
