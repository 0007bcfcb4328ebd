import type { Static } from 'typebox';
import type { RevokeBody } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { replyRequired, revocationBlockedReason } from '../../../domain/verification';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import { pushCommitmentBroken } from '../../push/national-commitment';
import { defenceState, falseFound } from './defence-guards';
import { staffOf } from './guards';
import { findNoticeOfTask, type TaskRow, updateNotice } from './repository';
import { moveTask } from './shared';

/**
 * The approving department revokes the decision and license (000, 004). Hooks into the application and
 * credit modules are passed in so this module owns only the ladder.
 */
export type RevocationEffects = {
  /** Marks the application's decision and its license revoked; returns what changed. */
  revokeDecision(ctx: Ctx, task: TaskRow, reason: string): Promise<Record<string, unknown>>;
  /** Creates the credit records the policy version dictates. */
  recordBreach(ctx: Ctx, task: TaskRow, falseCommitment: boolean, reason: string): Promise<unknown>;
};

export async function revokeForBreach(
  ctx: Ctx,
  before: TaskRow,
  input: Static<typeof RevokeBody>,
  effects: RevocationEffects,
) {
  const taskId = before.id;
  const s = staffOf(ctx.actor);
  if (!s.roles.includes('approver') || s.departmentId !== before.approvingDepartmentId) {
    throw new DomainError('FORBIDDEN', '只能由作出审批决定的部门撤销');
  }
  // Due process first (陈述申辩): no revocation, and no dishonesty record, before the party was heard.
  const notice = await findNoticeOfTask(ctx.tx, before.id);
  if (before.status === 'revocation_pending' || !notice) {
    throw new DomainError('PRECONDITION_FAILED', '撤销前须先向当事人送达陈述申辩告知书');
  }
  const state = defenceState(notice);
  const blocked = revocationBlockedReason(state, chinaDate(ctx.now));
  if (blocked) throw new DomainError('PRECONDITION_FAILED', blocked, { deadline: notice.deadline });
  const reply = input.defenceReply?.trim() || null;
  if (replyRequired(state) && !reply) {
    throw new DomainError(
      'VALIDATION',
      '当事人已陈述申辩（或经听证），撤销决定须对其意见作出答复（defenceReply）',
    );
  }
  // A false commitment skipped rectification; a broken one went through it.
  const falseCommitment = await falseFound(ctx, before);
  const after = await moveTask(
    ctx,
    before,
    'revoke',
    { revocationReason: input.reason, referredToJudicial: input.referToJudicial, closedAt: ctx.now },
    input,
  );
  if (reply) {
    const replied = await updateNotice(ctx.tx, notice, { reply, repliedAt: ctx.now });
    if (!replied) throw new DomainError('CONFLICT', '陈述申辩告知书刚被更新，请刷新后重试');
  }
  const revoked = await effects.revokeDecision(ctx, after, input.reason);
  await pushCommitmentBroken(
    ctx,
    after.applicationId,
    falseCommitment ? '承诺内容与实际情况不符（虚假承诺）' : '未按承诺整改到位',
    `撤销审批决定和证照：${input.reason}${input.referToJudicial ? '；移送司法机关' : ''}`,
  );
  const credit = await effects.recordBreach(ctx, after, falseCommitment, input.reason);
  writeOutbox(ctx, {
    topic: 'revocation',
    aggregateType: 'verification_task',
    aggregateId: after.id,
    departmentIds: [after.supervisingDepartmentId, after.approvingDepartmentId],
    payload: {
      applicationId: after.applicationId,
      licenseId: after.licenseId,
      subjectName: after.subjectName,
      subjectCode: after.subjectCodeMasked,
      reason: input.reason,
      referredToJudicial: input.referToJudicial,
      revokedAt: ctx.now.toISOString(),
    },
  });
  await appendAudit(ctx, {
    action: 'verification.revoke',
    targetType: 'verification_task',
    targetId: taskId,
    before: { status: before.status },
    after: {
      status: after.status,
      reason: input.reason,
      referToJudicial: input.referToJudicial,
      defenceReply: reply,
      noticeId: notice.id,
      revoked,
      credit,
    },
  });
  return after;
}
