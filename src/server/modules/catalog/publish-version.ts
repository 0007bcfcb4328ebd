import { chinaDate } from '../../../domain/working-days';
import { findVersionInStatus, type VersionRow } from './repository';
import { assertPermissionFor, audit, type CatalogCtx, requireVersion, transition } from './shared';

/**
 * The service centre publishes an approved version on the portal from its effective date; the version it
 * replaces becomes superseded in the same transaction. Cases already running keep the version they pinned.
 */
export async function publishVersion(
  ctx: CatalogCtx,
  versionId: string,
  input: { effectiveDate?: string },
): Promise<VersionRow> {
  assertPermissionFor(ctx.actor, 'catalog.publish');
  const before = await requireVersion(ctx, versionId);
  const effectiveDate = input.effectiveDate ?? chinaDate(ctx.now);
  const previous =
    before.status === 'approved'
      ? await findVersionInStatus(ctx.tx, before.itemId, ['published'])
      : undefined;
  if (previous) {
    await transition(ctx, previous, 'supersede', { comment: `由第${before.versionNo}版替代` });
  }
  const after = await transition(ctx, before, 'publish', { effectiveDate });
  await audit(ctx, {
    action: 'catalog.version_publish',
    targetType: 'catalog_version',
    targetId: versionId,
    before: { status: before.status, supersedes: previous?.id ?? null },
    after: { status: after.status, effectiveDate },
  });
  return after;
}
