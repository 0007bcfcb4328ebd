import type { VersionRow } from './repository';
import { assertMayDraft, audit, type CatalogCtx, requireVersion, transition } from './shared';

/** The drafting department hands the draft to legality review; incomplete templates are refused here. */
export async function submitVersion(ctx: CatalogCtx, versionId: string): Promise<VersionRow> {
  const before = await requireVersion(ctx, versionId);
  assertMayDraft(ctx.actor, before.departmentId);
  const after = await transition(ctx, before, 'submit');
  await audit(ctx, {
    action: 'catalog.version_submit',
    targetType: 'catalog_version',
    targetId: versionId,
    before: { status: before.status },
    after: { status: after.status },
  });
  return after;
}
