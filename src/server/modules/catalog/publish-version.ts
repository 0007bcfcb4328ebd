import { chinaDate } from '../../../domain/working-days';
import { findVersionInStatus, type VersionRow } from './repository';
import { assertPermissionFor, audit, type CatalogCtx, requireVersion, transition } from './shared';
import { staffingWarnings } from './staffing-warnings';

/**
 * The service centre publishes an approved version on the portal from its effective date; the version it
 * replaces becomes superseded in the same transaction. Cases already running keep the version they pinned.
 * A department with nobody to act on the item's cases is warned about (15.6), but does not stop it.
 */
export async function publishVersion(
  ctx: CatalogCtx,
  versionId: string,
  input: { effectiveDate?: string },
): Promise<{ version: VersionRow; warnings: string[] }> {
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
  const warnings = await staffingWarnings({ db: ctx.tx }, after);
  await audit(ctx, {
    action: 'catalog.version_publish',
    targetType: 'catalog_version',
    targetId: versionId,
    before: { status: before.status, supersedes: previous?.id ?? null },
    after: { status: after.status, effectiveDate, ...(warnings.length ? { warnings } : {}) },
  });
  return { version: after, warnings };
}
