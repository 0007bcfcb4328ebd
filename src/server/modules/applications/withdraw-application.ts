import type { ActOnApplication } from '../../../contracts/applications';
import type { Ctx } from '../../context';
import type { ApplicationRow } from './repository';
import {
  assertApplicantSide,
  auditApplication,
  requireApplication,
  requireVersion,
  transition,
} from './shared';

/** 撤回: before the decision, where the item allows it; the applicant may then apply the standard way. */
export async function withdrawApplication(
  ctx: Ctx,
  id: string,
  input: ActOnApplication,
): Promise<ApplicationRow> {
  const before = await requireApplication(ctx, id);
  assertApplicantSide(ctx.actor, before);
  const v = await requireVersion(ctx, before.itemVersionId);
  const after = await transition(ctx, before, 'withdraw', {
    withdrawalAllowed: v.withdrawalAllowed,
    comment: input.comment?.trim() || null,
    expectedVersion: input.version,
  });
  await auditApplication(ctx, 'application.withdraw', before, after);
  return after;
}
