import { maskResidentId } from '../../../domain/codes';
import { planVerification } from '../../../domain/verification';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { writeOutbox } from '../../outbox/outbox';
import type { DecidedCommitment } from '../applications/decided-commitment';
import { getItemVersion, type VersionRow } from '../catalog/repository';
import type { SubjectRef } from '../credit/port';
import { trackDeadline } from '../deadlines/track';
import { activeStaffOf } from '../escalation/repository';
import { escalate, gapsIn, type StaffNeed } from '../escalation/staffing';
import { notify } from '../inbox/notify';
import { appendTaskEvent, insertTask, type TaskRow } from './repository';
import { recordDraw } from './sampling';

export const maskSubjectCode = (subject: Pick<SubjectRef, 'kind' | 'code'>): string =>
  subject.kind === 'individual' ? maskResidentId(subject.code) : subject.code;

/**
 * Who a verification task needs to reach its end: the supervising department's administrator to assign
 * it, inspectors to check (two on site, 双人执法), and the approving department's approver to revoke.
 */
export function verificationNeeds(
  version: Pick<VersionRow, 'departmentId'>,
  supervisingDepartmentId: string,
  method: string,
): StaffNeed[] {
  return [
    { departmentId: supervisingDepartmentId, role: 'supervision_admin', needed: 1 },
    { departmentId: supervisingDepartmentId, role: 'inspector', needed: method === 'on_site' ? 2 : 1 },
    { departmentId: version.departmentId, role: 'approver', needed: 1 },
  ];
}

/**
 * Called in the decision's transaction: the verification a commitment owes is created with it, so no
 * decided commitment can escape verification. A 抽查 plan records a draw instead, made once the day's
 * seed is revealed (sampling.ts). Returns the task, or null where there is none (yet).
 */
export async function createVerificationTask(ctx: Ctx, decided: DecidedCommitment): Promise<TaskRow | null> {
  const version = decided.version ?? (await getItemVersion(ctx.tx, decided.itemVersionId));
  if (!version) throw new Error(`item version ${decided.itemVersionId} not found`);
  const planned = planVerification({ plan: version.verification, mode: decided.mode, grade: decided.grade });
  if (planned.kind === 'none') return null;
  const supervisingDepartmentId = version.supervisingDepartmentId ?? version.departmentId;
  const owed: OwedVerification = {
    applicationId: decided.applicationId,
    licenseId: decided.licenseId,
    itemVersionId: version.id,
    itemName: version.name,
    mode: decided.mode,
    subjectKind: decided.subject.kind,
    subjectName: decided.subject.name,
    subjectCodeSealed: ctx.crypto.encrypt(decided.subject.code),
    subjectCodeHash: ctx.crypto.lookupHash(decided.subject.code),
    subjectCodeMasked: maskSubjectCode(decided.subject),
    grade: decided.grade,
    policyVersionId: decided.policyVersionId,
    supervisingDepartmentId,
    approvingDepartmentId: version.departmentId,
  };
  if (planned.kind === 'draw') {
    await recordDraw(ctx, owed, {
      applicationNumber: decided.applicationNumber,
      samplingPercent: planned.samplingPercent,
      deadlineDays: planned.deadlineDays,
    });
    return null;
  }
  return openTask(ctx, owed, planned);
}

/** What a task is made of, whether created at the decision or later by a draw. */
export type OwedVerification = Pick<
  TaskRow,
  | 'applicationId'
  | 'licenseId'
  | 'itemVersionId'
  | 'mode'
  | 'subjectKind'
  | 'subjectName'
  | 'subjectCodeSealed'
  | 'subjectCodeHash'
  | 'subjectCodeMasked'
  | 'grade'
  | 'policyVersionId'
  | 'supervisingDepartmentId'
  | 'approvingDepartmentId'
> & { itemName: string };

/** Creates the task, its first history row, its overdue job, the supervisors' notices and the audit row. */
export async function openTask(
  ctx: Ctx,
  owed: OwedVerification,
  planned: { method: TaskRow['method']; reason: TaskRow['reason']; deadlineDays: number },
  drawId: string | null = null,
): Promise<TaskRow> {
  // Counted from today: for a sampled case that is the day of the draw, not of the decision. Provisional in
  // December when it reaches next year: a decision on the spot is never held up for it.
  const due = await trackDeadline(ctx, {
    ownerType: 'verification_task',
    kind: 'verification',
    startDate: chinaDate(ctx.now),
    workingDays: planned.deadlineDays,
  });
  const dueDate = due.date;
  const { itemName, ...values } = owed;
  const { pending: task } = insertTask(ctx, {
    ...values,
    method: planned.method,
    reason: planned.reason,
    status: 'pending',
    dueDate,
    createdAt: ctx.now,
    drawId,
  });
  appendTaskEvent(ctx, {
    taskId: task.id,
    event: 'create',
    fromStatus: null,
    toStatus: 'pending',
    actorId: null,
    actorName: null,
    detail: {
      method: planned.method,
      reason: planned.reason,
      deadlineDays: planned.deadlineDays,
      dueDate,
      ...(drawId ? { drawId } : {}),
    },
    at: ctx.now,
  });
  await due.schedule(jobNames.verificationOverdue, { taskId: task.id }, { before: 0, at: 'day_end' });
  due.save(task.id);
  // One read of both departments' staff: who is told, and whether anyone can act at all (15.6).
  const staff = await activeStaffOf(ctx.tx, [owed.supervisingDepartmentId, owed.approvingDepartmentId]);
  await escalate(ctx, {
    kind: 'verification_task',
    refType: 'verification_task',
    refId: task.id,
    summary: `${itemName}：核查${owed.subjectName}的承诺（${dueDate}前）`,
    gaps: await gapsIn(
      ctx,
      staff,
      verificationNeeds(
        { departmentId: owed.approvingDepartmentId },
        owed.supervisingDepartmentId,
        planned.method,
      ),
    ),
  });
  const admins = staff.filter(
    (s) => s.departmentId === owed.supervisingDepartmentId && s.roles.includes('supervision_admin'),
  );
  for (const admin of admins) {
    await notify(ctx, {
      userId: admin.id,
      kind: 'verification_task',
      title: `新的核查任务：${itemName}`,
      body: `承诺人${owed.subjectName}的承诺事项须于${dueDate}前完成核查，请分派核查人员。`,
      refType: 'verification_task',
      refId: task.id,
    });
  }
  await appendAudit(ctx, {
    action: 'verification.create',
    targetType: 'verification_task',
    targetId: task.id,
    after: {
      applicationId: task.applicationId,
      method: task.method,
      reason: task.reason,
      dueDate,
      supervisingDepartmentId: owed.supervisingDepartmentId,
      drawId,
    },
  });
  return task;
}

export async function pushVerificationResult(ctx: Ctx, task: TaskRow, result: Record<string, unknown>) {
  writeOutbox(ctx, {
    topic: 'verification',
    aggregateType: 'verification_task',
    aggregateId: task.id,
    idempotencyKey: `verification:${task.id}:${task.version}`,
    departmentIds: [task.supervisingDepartmentId, task.approvingDepartmentId],
    payload: {
      taskId: task.id,
      applicationId: task.applicationId,
      subjectName: task.subjectName,
      subjectCode: task.subjectCodeMasked,
      status: task.status,
      ...result,
    },
  });
}
