import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { creditRecordKindLabels, creditSeverityLabels } from '../../../contracts/credit';
import type { DefenceNoticeBody } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { DEFAULT_DEFENCE_DAYS } from '../../../domain/verification';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { cachedDepartment } from '../accounts/department-cache';
import { findApplication, licensesOf } from '../applications/repository';
import { actorRef } from '../catalog/shared';
import { findPolicy } from '../credit/repository';
import { trackDeadline } from '../deadlines/track';
import { issueDocument } from '../documents/issue-document';
import { notify } from '../inbox/notify';
import { assertApprovingOfficer, falseFound } from './defence-guards';
import { insertNotice, itemNameOf, type TaskRow } from './repository';
import { moveTask } from './shared';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * 陈述申辩告知 (行政处罚法第四十四条; 行政许可法第六十九条 revocation; the credit documents' 信用记录
 * before it is made): the facts, reasons and basis, what is proposed — the revocation and the records the
 * case's policy version dictates — and the party's rights and period, in working days from the policy
 * (default 5). A serious record (or a blacklist entry) always carries the right to a hearing.
 */
export async function issueDefenceNotice(ctx: Ctx, before: TaskRow, input: Static<typeof DefenceNoticeBody>) {
  assertApprovingOfficer(ctx, before.approvingDepartmentId, '告知陈述申辩权利');
  if (before.status !== 'revocation_pending') {
    throw new DomainError('INVALID_TRANSITION', '只有待撤销的核查任务才能送达陈述申辩告知书', {
      status: before.status,
    });
  }
  const app = UUID.test(before.applicationId)
    ? await findApplication(ctx.tx, before.applicationId)
    : undefined;
  if (!app) throw new DomainError('NOT_FOUND', '核查任务所对应的办件不存在');
  const policy = await findPolicy(ctx.tx, before.policyVersionId);
  if (!policy) throw new DomainError('NOT_FOUND', '准入规则版本不存在');
  const falseCommitment = await falseFound(ctx, before);
  const consequences = policy.definition.breach[
    falseCommitment ? 'false_commitment' : 'broken_commitment'
  ].map((c) => {
    const severity = c.severity === 'by_impact' ? 'general' : c.severity;
    return {
      kind: c.kind,
      kindLabel: creditRecordKindLabels[c.kind],
      severity,
      severityLabel: creditSeverityLabels[severity],
    };
  });
  const serious = consequences.some(
    (c) => c.severity === 'serious' || c.kind === 'blacklist' || c.kind === 'serious_dishonesty_list',
  );
  const hearingRight = serious || input.hearingRight === true;
  const periodDays = policy.definition.defenceDays ?? DEFAULT_DEFENCE_DAYS;
  // Provisional in December when it reaches an unloaded year, and recomputed when the year is loaded.
  const due = await trackDeadline(ctx, {
    ownerType: 'verification_task',
    ownerId: before.id,
    kind: 'defence',
    label: '陈述申辩期限',
    startDate: chinaDate(ctx.now),
    workingDays: periodDays,
  });
  const deadline = due.date;
  const dept = await cachedDepartment(ctx, before.approvingDepartmentId);
  const departmentName = dept?.name ?? '';
  const itemName = await itemNameOf(ctx.tx, before.itemVersionId);
  const lic = (await licensesOf(ctx.tx, [app.id])).get(app.id);
  const proposedDecision = [
    `撤销“${itemName}”的审批决定${lic ? `及证照（编号${lic.number}）` : ''}`,
    ...consequences.map((c) => `记入信用记录：${c.kindLabel}（${c.severityLabel}）`),
  ].join('；');
  const rights =
    `当事人有权自收到本告知书之日起${periodDays}个工作日内（${deadline}前）进行陈述和申辩` +
    `${hearingRight ? '，并有权要求举行听证' : ''}。可通过信易批平台在线提交，也可向${departmentName}提交书面意见或口头陈述。` +
    `逾期未陈述申辩${hearingRight ? '、未要求听证' : ''}的，视为放弃上述权利。`;
  const who = actorRef(ctx.actor);
  const noticeId = randomUUID();
  // The task moves first: of two officers issuing at once, the second gets a conflict, not a duplicate.
  const after = await moveTask(ctx, before, 'notify_defence', {}, { noticeId, deadline, hearingRight });
  const notice = await insertNotice(ctx.tx, {
    id: noticeId,
    taskId: before.id,
    applicationId: app.id,
    applicationNumber: app.number,
    partyUserId: app.applicantUserId,
    partyName: before.subjectName,
    partyCodeMasked: before.subjectCodeMasked,
    itemName,
    departmentId: before.approvingDepartmentId,
    departmentName,
    facts: input.facts,
    reasons: input.reasons,
    legalBasis: input.legalBasis,
    proposedDecision,
    creditConsequences: consequences,
    periodDays,
    deadline,
    hearingRight,
    rights,
    issuedBy: ctx.account?.displayName ?? who.actorName ?? '',
    issuedAt: ctx.now,
  });
  if (app.applicantUserId) {
    await notify(ctx, {
      userId: app.applicantUserId,
      kind: 'defence_notice',
      title: `陈述申辩告知：办件${app.number}`,
      body: `${departmentName}拟${proposedDecision}。事实：${input.facts}。${rights}`,
      refType: 'defence_notice',
      refId: notice.id,
      sms: true,
    });
  }
  // The 陈述申辩告知书 the party receives, numbered and printable, from the notice's own facts.
  issueDocument(ctx, {
    kind: 'defence_notice',
    departmentId: before.approvingDepartmentId,
    applicationId: app.id,
    facts: {
      findings: `${input.facts}。${input.reasons}`,
      intended: proposedDecision,
      deadline,
      hearing: hearingRight,
    },
  });
  await due.schedule(jobNames.defenceDue, { taskId: before.id }, { before: 0, at: 'day_end' });
  due.save();
  await appendAudit(ctx, {
    action: 'verification.defence_notice',
    targetType: 'verification_task',
    targetId: before.id,
    before: { status: before.status },
    after: {
      status: after.status,
      noticeId: notice.id,
      periodDays,
      deadline,
      hearingRight,
      proposedDecision,
    },
  });
  return { task: after, notice };
}
