import type { Static } from 'typebox';
import type { WaiverBody } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { assertOpen, assertParty, taskOfNotice, tellApprovers } from './defence-guards';
import { type NoticeRow, updateNotice } from './repository';
import { moveTask } from './shared';

/** The party gives up its right in writing before the period ends: the department may then decide. */
export async function waiveDefence(ctx: Ctx, notice: NoticeRow, input: Static<typeof WaiverBody>) {
  assertParty(ctx, notice);
  assertOpen(ctx, notice);
  const before = await taskOfNotice(ctx, notice);
  const updated = await updateNotice(ctx.tx, notice, { waivedAt: ctx.now });
  if (!updated) throw new DomainError('CONFLICT', '陈述申辩告知书刚被更新，请刷新后重试');
  const after = await moveTask(ctx, before, 'waive_defence', {}, { note: input.note ?? null });
  await tellApprovers(
    ctx,
    after,
    `当事人放弃陈述申辩：${after.subjectName}`,
    `办件${notice.applicationNumber}的当事人书面放弃陈述申辩${notice.hearingRight ? '和听证' : ''}的权利。`,
  );
  await appendAudit(ctx, {
    action: 'verification.defence_waive',
    targetType: 'verification_task',
    targetId: after.id,
    before: { status: before.status },
    after: { status: after.status, noticeId: notice.id, note: input.note ?? null },
  });
  return { task: after, notice: updated };
}
