import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { creditRecordKindLabels, creditSeverityLabels } from '../../../contracts/credit';
import type {
  AcceptDefenceBody,
  DefenceNoticeBody,
  DefenceStatementBody,
  HearingRecordBody,
  RecordedStatementBody,
  WaiverBody,
} from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { DEFAULT_DEFENCE_DAYS, type DefenceState, defenceClosedReason } from '../../../domain/verification';
import { chinaDate, parseDate } from '../../../domain/working-days';
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
import { pushVerificationResult } from './create-tasks';
import {
  filesByIds,
  findTask,
  insertNotice,
  itemNameOf,
  listTaskEvents,
  type NoticeRow,
  staffWithRole,
  type TaskRow,
  updateNotice,
} from './repository';
import { moveTask } from './shared';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const defenceState = (n: NoticeRow): DefenceState => ({
  deadline: n.deadline,
  statedAt: n.statedAt,
  waivedAt: n.waivedAt,
  hearingRequestedAt: n.hearingRequestedAt,
  hearingRecordedAt: n.hearingRecordedAt,
});

/** The approving department decides, so it tells, hears and answers the party. */
export function assertApprovingOfficer(ctx: Ctx, departmentId: string, what: string) {
  const a = ctx.actor;
  if (a.kind !== 'staff' || !a.roles.includes('approver') || a.departmentId !== departmentId) {
    throw new DomainError('FORBIDDEN', `只能由作出审批决定的部门${what}`);
  }
  return a;
}

export async function falseFound(ctx: Ctx, task: TaskRow): Promise<boolean> {
  return (await listTaskEvents(ctx.tx, task.id)).some((e) => e.event === 'find_false');
}

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

async function taskOfNotice(ctx: Ctx, notice: NoticeRow): Promise<TaskRow> {
  const task = await findTask(ctx.tx, notice.taskId);
  if (!task) throw new DomainError('NOT_FOUND', '核查任务不存在');
  return task;
}

function assertOpen(ctx: Ctx, notice: NoticeRow) {
  const closed = defenceClosedReason(defenceState(notice), chinaDate(ctx.now));
  if (closed) throw new DomainError('PRECONDITION_FAILED', closed);
}

/** The party answers its own notice only; anyone else is told it does not exist. */
export function assertParty(ctx: Ctx, notice: NoticeRow) {
  const a = ctx.actor;
  if (a.kind !== 'applicant' || notice.partyUserId !== a.userId) {
    throw new DomainError('NOT_FOUND', '陈述申辩告知书不存在');
  }
}

async function tellApprovers(ctx: Ctx, task: TaskRow, title: string, body: string) {
  for (const approver of await staffWithRole(ctx.tx, task.approvingDepartmentId, 'approver')) {
    await notify(ctx, {
      userId: approver.id,
      kind: 'defence_update',
      title,
      body,
      refType: 'verification_task',
      refId: task.id,
    });
  }
}

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
