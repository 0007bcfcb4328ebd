import type { Static } from 'typebox';
import type {
  AssignBody,
  Evidence,
  ReinspectBody,
  ResultBody,
  RevokeBody,
  VerificationEvent,
} from '../../../contracts/verification';
import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { replyRequired, revocationBlockedReason } from '../../../domain/verification';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { writeOutbox } from '../../outbox/outbox';
import { pushCommitmentBroken } from '../../push/national-commitment';
import { openRequestsOfTask } from '../assistance/repository';
import { actorRef } from '../catalog/shared';
import { trackDeadline } from '../deadlines/track';
import { notify } from '../inbox/notify';
import { pushVerificationResult } from './create-tasks';
import { defenceState, falseFound } from './defence';
import {
  filesByIds,
  findNoticeOfTask,
  insertEvidence,
  staffWithRole,
  type TaskRow,
  updateNotice,
} from './repository';
import { moveTask } from './shared';

const staffOf = (actor: Actor) => {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员操作');
  return actor;
};

function assertSupervisingAdmin(actor: Actor, task: TaskRow) {
  const s = staffOf(actor);
  if (!s.roles.includes('supervision_admin') || s.departmentId !== task.supervisingDepartmentId) {
    throw new DomainError('FORBIDDEN', '只能由承担监管职责部门的监管管理员分派核查任务');
  }
}

function assertAssignedInspector(actor: Actor, task: TaskRow) {
  const s = staffOf(actor);
  if (!s.roles.includes('inspector') || !task.inspectorIds.includes(s.userId)) {
    throw new DomainError('FORBIDDEN', '只有被分派的核查人员可以登记核查结果');
  }
}

/** The supervision administrator names the inspectors; at least two for on-site checks (双人执法). */
export async function assignInspectors(ctx: Ctx, before: TaskRow, input: Static<typeof AssignBody>) {
  const taskId = before.id;
  assertSupervisingAdmin(ctx.actor, before);
  if (before.method === 'on_site' && input.inspectorIds.length < 2) {
    throw new DomainError('VALIDATION', '现场核查须分派至少两名核查人员');
  }
  const inspectors = await staffWithRole(ctx.tx, before.supervisingDepartmentId, 'inspector');
  const known = new Set(inspectors.map((i) => i.id));
  const unknown = input.inspectorIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION', '所选人员不是本部门的核查人员', { inspectorIds: unknown });
  }
  const after = await moveTask(ctx, before, 'assign', { inspectorIds: input.inspectorIds }, input);
  for (const id of input.inspectorIds) {
    await notify(ctx, {
      userId: id,
      kind: 'verification_assigned',
      title: '您有新的核查任务',
      body: `请于${after.dueDate}前完成对${after.subjectName}的核查。`,
      refType: 'verification_task',
      refId: after.id,
    });
  }
  await appendAudit(ctx, {
    action: 'verification.assign',
    targetType: 'verification_task',
    targetId: taskId,
    before: { status: before.status, inspectorIds: before.inspectorIds },
    after: { status: after.status, inspectorIds: after.inspectorIds },
  });
  return after;
}

type EvidenceItem = Static<typeof Evidence>;
const evidenceFiles = (evidence: EvidenceItem[]) =>
  evidence.flatMap((e) => (e.fileId ? [{ fileId: e.fileId, sm3: e.sm3 }] : []));

/**
 * Evidence files (photos, PDFs) the inspector uploaded are kept with the task, named and digested from
 * the stored file; only the inspector's own uploads may be attached, so nobody can pull another
 * person's file into a task they can read.
 */
async function attachEvidence(
  ctx: Ctx,
  task: TaskRow,
  event: VerificationEvent,
  evidence: EvidenceItem[],
): Promise<EvidenceItem[]> {
  const ids = [...new Set(evidence.flatMap((e) => (e.fileId ? [e.fileId] : [])))];
  if (ids.length === 0) return evidence;
  const files = new Map((await filesByIds(ctx.tx, ids)).map((f) => [f.id, f]));
  const userId = ctx.actor.kind === 'staff' ? ctx.actor.userId : null;
  const foreign = ids.filter((id) => files.get(id)?.ownerUserId !== userId);
  if (foreign.length > 0) {
    throw new DomainError('VALIDATION', '证据文件须为本人上传的文件', { fileIds: foreign });
  }
  const who = actorRef(ctx.actor);
  return evidence.map((e) => {
    if (!e.fileId) return e;
    const f = files.get(e.fileId)!;
    insertEvidence(ctx, {
      taskId: task.id,
      fileId: f.id,
      description: e.description,
      event,
      addedBy: who.actorName,
      addedAt: ctx.now,
    });
    return { ...e, fileName: f.name, sm3: f.digest };
  });
}

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

async function notifyApprovers(ctx: Ctx, task: TaskRow, why: string) {
  for (const approver of await staffWithRole(ctx.tx, task.approvingDepartmentId, 'approver')) {
    await notify(ctx, {
      userId: approver.id,
      kind: 'revocation_pending',
      title: `待撤销：${task.subjectName}`,
      body: `${why}。撤销前请先向当事人送达陈述申辩告知书，期满（或当事人陈述申辩、放弃）后依法撤销相关审批决定和证照。`,
      refType: 'verification_task',
      refId: task.id,
    });
  }
}

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
