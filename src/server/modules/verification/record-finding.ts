import type { Static } from 'typebox';
import type { ResultBody, VerificationEvent } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { openRequestsOfTask } from '../assistance/repository';
import { trackDeadline } from '../deadlines/track';
import { pushVerificationResult } from './create-tasks';
import { assertAssignedInspector, attachEvidence, evidenceFiles, notifyApprovers } from './guards';
import type { TaskRow } from './repository';
import { moveTask } from './shared';

/** The inspector's finding: compliant closes; a breach orders rectification; a false commitment goes to revocation. */
export async function recordFinding(ctx: Ctx, before: TaskRow, given: Static<typeof ResultBody>) {
  const taskId = before.id;
  assertAssignedInspector(ctx.actor, before);
  // The task waits for the help it asked for (004 协助核查): a finding stands on the answer.
  if ((await openRequestsOfTask(ctx.tx, taskId)).length > 0) {
    throw new DomainError('PRECONDITION_FAILED', '已请求其他部门协助核查，须待对方答复后再登记核查结果');
  }
  const event: VerificationEvent =
    given.finding === 'breach'
      ? 'find_breach'
      : given.finding === 'false_commitment'
        ? 'find_false'
        : 'find_compliant';
  const input = { ...given, evidence: await attachEvidence(ctx, before, event, given.evidence) };
  let after: TaskRow;
  if (input.finding === 'breach') {
    if (!input.rectificationDays || !input.rectificationRequirement?.trim()) {
      throw new DomainError('VALIDATION', '与承诺不符的，须写明整改要求和整改期限（工作日）');
    }
    const due = await trackDeadline(ctx, {
      ownerType: 'verification_task',
      ownerId: taskId,
      kind: 'rectification',
      startDate: chinaDate(ctx.now),
      workingDays: input.rectificationDays,
    });
    after = await moveTask(ctx, before, 'find_breach', { rectificationDueDate: due.date }, input);
    await due.schedule(jobNames.rectificationDue, { taskId }, { before: 0, at: 'day_end' });
    due.save();
  } else if (input.finding === 'false_commitment') {
    after = await moveTask(ctx, before, 'find_false', {}, input);
    await notifyApprovers(ctx, after, '核查发现虚假承诺');
  } else {
    after = await moveTask(ctx, before, 'find_compliant', { closedAt: ctx.now }, input);
  }
  await pushVerificationResult(ctx, after, { finding: input.finding, summary: input.summary, at: ctx.now });
  await appendAudit(ctx, {
    action: `verification.finding_${input.finding}`,
    targetType: 'verification_task',
    targetId: taskId,
    before: { status: before.status },
    after: {
      status: after.status,
      finding: input.finding,
      rectificationDueDate: after.rectificationDueDate,
      evidenceFiles: evidenceFiles(input.evidence),
    },
  });
  return after;
}
