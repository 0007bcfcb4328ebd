import type { Static } from 'typebox';
import type { HearingRecordBody } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { chinaDate, parseDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { notify } from '../inbox/notify';
import { assertApprovingOfficer } from './defence-guards';
import { type NoticeRow, type TaskRow, updateNotice } from './repository';
import { moveTask } from './shared';

/** 听证 held: its record releases the revocation, which must then answer what was said there. */
export async function recordHearing(
  ctx: Ctx,
  before: TaskRow,
  notice: NoticeRow,
  input: Static<typeof HearingRecordBody>,
) {
  assertApprovingOfficer(ctx, before.approvingDepartmentId, '登记听证笔录');
  parseDate(input.heldOn);
  if (input.heldOn > chinaDate(ctx.now) || input.heldOn < chinaDate(notice.issuedAt)) {
    throw new DomainError('VALIDATION', '听证日期应在告知之后、今天之前', { heldOn: input.heldOn });
  }
  const who = actorRef(ctx.actor);
  const hearing = { ...input, recordedBy: who.actorName ?? '', recordedAt: ctx.now.toISOString() };
  const after = await moveTask(ctx, before, 'record_hearing', {}, hearing);
  const updated = await updateNotice(ctx.tx, notice, { hearing, hearingRecordedAt: ctx.now });
  if (!updated) throw new DomainError('CONFLICT', '陈述申辩告知书刚被更新，请刷新后重试');
  if (notice.partyUserId) {
    await notify(ctx, {
      userId: notice.partyUserId,
      kind: 'hearing_recorded',
      title: `听证笔录已登记：办件${notice.applicationNumber}`,
      body: `${notice.departmentName}已于${input.heldOn}举行听证，笔录已登记。`,
      refType: 'defence_notice',
      refId: notice.id,
    });
  }
  await appendAudit(ctx, {
    action: 'verification.hearing_record',
    targetType: 'verification_task',
    targetId: before.id,
    before: { status: before.status },
    after: { status: after.status, noticeId: notice.id, heldOn: input.heldOn, host: input.host },
  });
  return { task: after, notice: updated };
}
