import type { ActOnApplication } from '../../../contracts/applications';
import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { Ctx } from '../../context';
import { issueDocument } from '../documents/issue-document';
import { issueDecision, timeTaken } from './issue-decision';
import type { ApplicationRow, LicenseRow } from './repository';
import { assertMayRead, auditApplication, requireApplication, requireVersion, transition } from './shared';

export type ProcessStep = 'accept' | 'review' | 'approve' | 'reject';

/**
 * Who takes which step of the standard procedure: the comprehensive window accepts (受理) or refuses to
 * accept; the approving department's officers review and decide, on their own department's cases only.
 */
function assertMayAct(actor: Actor, app: ApplicationRow, step: ProcessStep): void {
  if (actor.kind === 'system') return;
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '当前账号无权办理此步骤');
  const clerk = actor.roles.includes('window_clerk');
  const approver = actor.roles.includes('approver') && actor.departmentId === app.departmentId;
  const ok =
    step === 'accept'
      ? clerk || approver
      : step === 'reject' && app.status === 'submitted'
        ? clerk || approver
        : approver;
  if (!ok) {
    throw new DomainError(
      'FORBIDDEN',
      step === 'accept'
        ? '只有综合受理窗口或本事项审批部门可以受理'
        : '只有本事项审批部门的审批人员可以审查和决定',
    );
  }
}

export async function processApplication(
  ctx: Ctx,
  id: string,
  step: ProcessStep,
  input: ActOnApplication,
): Promise<{ app: ApplicationRow; license: LicenseRow | null }> {
  const before = await requireApplication(ctx, id);
  assertMayRead(ctx.actor, before);
  assertMayAct(ctx.actor, before, step);
  const comment = input.comment?.trim() || null;
  if (step === 'reject' && !comment) throw new DomainError('VALIDATION', '不予受理或不予许可须写明理由');
  const v = await requireVersion(ctx, before.itemVersionId);
  const decides = step === 'approve' || step === 'reject';
  const after = await transition(ctx, before, step, {
    comment,
    expectedVersion: input.version,
    set: decides ? await timeTaken(ctx, before) : {},
  });
  let license: LicenseRow | null = null;
  if (decides) {
    license = await issueDecision(ctx, after, v, {
      outcome: step === 'approve' ? 'approved' : 'rejected',
      instant: false,
      reason: comment,
      code: ctx.crypto.decrypt(before.subjectCodeEnc),
    });
  }
  if (step === 'accept') {
    issueDocument(ctx, {
      kind: 'acceptance',
      departmentId: after.departmentId,
      applicationId: after.id,
      facts: { legalDeadline: after.legalDeadline },
    });
  } else if (step === 'reject') {
    // Refused while still awaiting acceptance: 不予受理; refused after examination: 不予行政许可.
    issueDocument(ctx, {
      kind: before.status === 'submitted' ? 'non_acceptance' : 'rejection',
      departmentId: after.departmentId,
      applicationId: after.id,
      facts: { reason: comment },
    });
  }
  await auditApplication(ctx, `application.${step}`, before, after, {
    comment,
    licenseNumber: license?.number ?? null,
  });
  return { app: after, license };
}
