import type { Static } from 'typebox';
import type { ApproveDecision, ReviewDecision } from '../../../contracts/catalog';
import type { VersionRow } from './repository';
import { assertPermissionFor, audit, type CatalogCtx, requireVersion, transition } from './shared';

/** 合法性审查 by the legal reviewer: pass to the justice bureau's approval, or return with comments. */
export async function reviewVersion(
  ctx: CatalogCtx,
  versionId: string,
  input: Static<typeof ReviewDecision>,
): Promise<VersionRow> {
  assertPermissionFor(ctx.actor, 'catalog.review');
  const before = await requireVersion(ctx, versionId);
  const event = input.decision === 'pass' ? 'pass_review' : 'return';
  const after = await transition(ctx, before, event, { comment: input.comment ?? null });
  await audit(ctx, {
    action: `catalog.review_${input.decision}`,
    targetType: 'catalog_version',
    targetId: versionId,
    before: { status: before.status },
    after: { status: after.status, comment: input.comment ?? null },
  });
  return after;
}

/**
 * 司法局审核同意 (004: the department's list "须经市司法局审核同意"). Done by a legal reviewer of the justice
 * bureau; the same role as the legality review, and in a county it may be the same person.
 */
export async function approveVersion(
  ctx: CatalogCtx,
  versionId: string,
  input: Static<typeof ApproveDecision>,
): Promise<VersionRow> {
  assertPermissionFor(ctx.actor, 'catalog.review');
  const before = await requireVersion(ctx, versionId);
  const event = input.decision === 'approve' ? 'approve' : 'return';
  const after = await transition(ctx, before, event, { comment: input.comment ?? null });
  await audit(ctx, {
    action: input.decision === 'approve' ? 'catalog.justice_approve' : 'catalog.justice_return',
    targetType: 'catalog_version',
    targetId: versionId,
    before: { status: before.status },
    after: { status: after.status, comment: input.comment ?? null },
  });
  return after;
}
