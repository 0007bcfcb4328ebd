import type { Static } from 'typebox';
import type { ReinspectBody, VerificationEvent } from '../../../contracts/verification';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { pushVerificationResult } from './create-tasks';
import { assertAssignedInspector, attachEvidence, evidenceFiles, notifyApprovers } from './guards';
import type { TaskRow } from './repository';
import { moveTask } from './shared';

export async function recordReinspection(ctx: Ctx, before: TaskRow, given: Static<typeof ReinspectBody>) {
  const taskId = before.id;
  assertAssignedInspector(ctx.actor, before);
  const rectified = given.finding === 'rectified';
  const event: VerificationEvent = rectified ? 'reinspect_compliant' : 'reinspect_failed';
  const input = { ...given, evidence: await attachEvidence(ctx, before, event, given.evidence) };
  const after = rectified
    ? await moveTask(ctx, before, 'reinspect_compliant', { closedAt: ctx.now }, input)
    : await moveTask(ctx, before, 'reinspect_failed', {}, input);
  if (!rectified) await notifyApprovers(ctx, after, '逾期未整改或整改不到位');
  await pushVerificationResult(ctx, after, {
    reinspection: input.finding,
    summary: input.summary,
    at: ctx.now,
  });
  await appendAudit(ctx, {
    action: `verification.reinspect_${input.finding}`,
    targetType: 'verification_task',
    targetId: taskId,
    before: { status: before.status },
    after: { status: after.status, evidenceFiles: evidenceFiles(input.evidence) },
  });
  return after;
}
