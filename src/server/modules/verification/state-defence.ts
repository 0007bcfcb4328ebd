import type { Static } from 'typebox';
import type { DefenceStatementBody, RecordedStatementBody } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import {
  assertApprovingOfficer,
  assertOpen,
  assertParty,
  taskOfNotice,
  tellApprovers,
} from './defence-guards';
import { filesByIds, type NoticeRow, updateNotice } from './repository';
import { moveTask } from './shared';

/**
 * The party's statement, sent online by the party or recorded by the approving department from paper or
 * an oral statement. One per notice, within the period; a hearing may be asked for with it where the
 * notice gave that right.
 */
export async function stateDefence(
  ctx: Ctx,
  notice: NoticeRow,
  input: Static<typeof DefenceStatementBody> | Static<typeof RecordedStatementBody>,
) {
  const online = ctx.actor.kind === 'applicant';
  if (online) assertParty(ctx, notice);
  else assertApprovingOfficer(ctx, notice.departmentId, '记录陈述申辩');
  assertOpen(ctx, notice);
  const requestHearing = input.requestHearing === true;
  if (requestHearing && !notice.hearingRight) {
    throw new DomainError('VALIDATION', '本案未告知听证权利，不能申请听证');
  }
  const fileIds = 'fileIds' in input ? (input.fileIds ?? []) : [];
  if (fileIds.length > 0) {
    const files = await filesByIds(ctx.tx, fileIds);
    const own = new Set(
      files
        .filter((f) => ctx.actor.kind === 'applicant' && f.ownerUserId === ctx.actor.userId)
        .map((f) => f.id),
    );
    const foreign = fileIds.filter((id) => !own.has(id));
    if (foreign.length > 0) {
      throw new DomainError('VALIDATION', '证明材料须为本人上传的文件', { fileIds: foreign });
    }
  }
  const before = await taskOfNotice(ctx, notice);
  const who = actorRef(ctx.actor);
  const channel = online ? 'online' : (input as Static<typeof RecordedStatementBody>).channel;
  const updated = await updateNotice(ctx.tx, notice, {
    statement: input.statement,
    statementChannel: channel,
    statementFileIds: fileIds,
    statementRecordedBy: online ? null : who.actorName,
    statedAt: ctx.now,
    ...(requestHearing ? { hearingRequestedAt: ctx.now } : {}),
  });
  if (!updated) throw new DomainError('CONFLICT', '陈述申辩告知书刚被更新，请刷新后重试');
  let after = await moveTask(ctx, before, 'state_defence', {}, { channel, fileIds, requestHearing });
  if (requestHearing) after = await moveTask(ctx, after, 'request_hearing', {}, null);
  await tellApprovers(
    ctx,
    after,
    `${requestHearing ? '当事人申请听证' : '当事人已陈述申辩'}：${after.subjectName}`,
    `办件${notice.applicationNumber}的当事人已${requestHearing ? '提交陈述申辩意见并申请听证，请组织听证' : '提交陈述申辩意见，作出决定时须予答复'}。`,
  );
  await appendAudit(ctx, {
    action: 'verification.defence_statement',
    targetType: 'verification_task',
    targetId: after.id,
    before: { status: before.status },
    after: { status: after.status, noticeId: notice.id, channel, fileIds, requestHearing },
  });
  return { task: after, notice: updated };
}
