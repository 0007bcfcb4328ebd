import type { Static } from 'typebox';
import type { AcceptDefenceBody } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { notify } from '../inbox/notify';
import { pushVerificationResult } from './create-tasks';
import { assertApprovingOfficer } from './defence-guards';
import { type NoticeRow, staffWithRole, type TaskRow, updateNotice } from './repository';
import { moveTask } from './shared';

/**
 * 申辩成立: having heard the party, the approving department decides not to revoke. The task is closed
 * without a revocation or a dishonesty record; the party and the supervisors are told why.
 */
export async function acceptDefence(
  ctx: Ctx,
  before: TaskRow,
  notice: NoticeRow,
  input: Static<typeof AcceptDefenceBody>,
) {
  assertApprovingOfficer(ctx, before.approvingDepartmentId, '采纳陈述申辩');
  const after = await moveTask(ctx, before, 'accept_defence', { closedAt: ctx.now }, input);
  const updated = await updateNotice(ctx.tx, notice, { reply: input.defenceReply, repliedAt: ctx.now });
  if (!updated) throw new DomainError('CONFLICT', '陈述申辩告知书刚被更新，请刷新后重试');
  if (notice.partyUserId) {
    await notify(ctx, {
      userId: notice.partyUserId,
      kind: 'defence_accepted',
      title: `不予撤销：办件${notice.applicationNumber}`,
      body: `${notice.departmentName}经复核，采纳陈述申辩意见，不予撤销审批决定，不记入失信记录。理由：${input.defenceReply}`,
      refType: 'defence_notice',
      refId: notice.id,
      sms: true,
    });
  }
  for (const admin of await staffWithRole(ctx.tx, before.supervisingDepartmentId, 'supervision_admin')) {
    await notify(ctx, {
      userId: admin.id,
      kind: 'defence_accepted',
      title: `采纳陈述申辩，不予撤销：${before.subjectName}`,
      body: `审批部门采纳了当事人的陈述申辩意见，核查任务办结。理由：${input.defenceReply}`,
      refType: 'verification_task',
      refId: before.id,
    });
  }
  await pushVerificationResult(ctx, after, { defenceAccepted: true, reply: input.defenceReply, at: ctx.now });
  await appendAudit(ctx, {
    action: 'verification.defence_accept',
    targetType: 'verification_task',
    targetId: before.id,
    before: { status: before.status },
    after: { status: after.status, noticeId: notice.id, reply: input.defenceReply },
  });
  return { task: after, notice: updated };
}
