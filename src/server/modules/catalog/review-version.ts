import type { Static } from 'typebox';
import type { ApproveDecision, ReviewDecision, VersionEvent } from '../../../contracts/catalog';
import type { VersionRow } from './repository';
import { assertPermissionFor, audit, type CatalogCtx, requireVersion, transition } from './shared';

/** 合法性审查 by the legal reviewer: pass to the justice bureau's approval, or return with comments. */
export const reviewVersion = (ctx: CatalogCtx, versionId: string, input: Static<typeof ReviewDecision>) =>
  decide(
    ctx,
    versionId,
    input.decision === 'pass' ? 'pass_review' : 'return',
    `catalog.review_${input.decision}`,
    input.comment ?? null,
  );

/**
 * 司法局审核同意 (004: the department's list "须经市司法局审核同意"). Done by a legal reviewer of the justice
 * bureau; the same role as the legality review, and in a county it may be the same person.
 */
export const approveVersion = (ctx: CatalogCtx, versionId: string, input: Static<typeof ApproveDecision>) =>
  input.decision === 'approve'
    ? decide(ctx, versionId, 'approve', 'catalog.justice_approve', input.comment ?? null)
    : decide(ctx, versionId, 'return', 'catalog.justice_return', input.comment ?? null);

/** Either decision: the version moves by `event`, audited as `action` with the reviewer's comment. */
async function decide(
  ctx: CatalogCtx,
  versionId: string,
  event: VersionEvent,
  action: string,
  comment: string | null,
): Promise<VersionRow> {
  assertPermissionFor(ctx.actor, 'catalog.review');
  const before = await requireVersion(ctx, versionId);
  const after = await transition(ctx, before, event, { comment });
  await audit(ctx, {
    action,
    targetType: 'catalog_version',
    targetId: versionId,
    before: { status: before.status },
    after: { status: after.status, comment },
  });
  return after;
}
