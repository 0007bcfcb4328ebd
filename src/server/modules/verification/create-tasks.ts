import type { ApprovalMode } from '../../../contracts/catalog';
import { maskResidentId } from '../../../domain/codes';
import { planVerification } from '../../../domain/verification';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { jobNames } from '../../jobs/definitions';
import { writeOutbox } from '../../outbox/outbox';
import { sm3 } from '../../security/crypto';
import { getItemVersion, type VersionRow } from '../catalog/repository';
import type { SubjectRef } from '../credit/port';
import { trackDeadline } from '../deadlines/track';
import { activeStaffOf } from '../escalation/repository';
import { escalate, gapsIn, type StaffNeed } from '../escalation/staffing';
import { notify } from '../inbox/notify';
import { appendTaskEvent, insertTask, type TaskRow } from './repository';

export type DecidedCommitment = {
  applicationId: string;
  licenseId: string | null;
  itemVersionId: string;
  /** The item version, when the caller holds it already. */
  version?: VersionRow;
  mode: ApprovalMode;
  subject: SubjectRef;
  /** The grade the credit check found; sets the intensity (004). */
  grade: string | null;
  policyVersionId: string;
};

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
 * decided commitment can escape verification. Returns the task, or null where the plan asks for none.
 */
export async function createVerificationTask(ctx: Ctx, decided: DecidedCommitment): Promise<TaskRow | null> {
  const version = decided.version ?? (await getItemVersion(ctx.tx, decided.itemVersionId));
  if (!version) throw new Error(`item version ${decided.itemVersionId} not found`);
  const planned = planVerification({
    plan: version.verification,
    mode: decided.mode,
    grade: decided.grade,
    sampleDigest: sm3(decided.applicationId),
  });
  if (!planned.selected) return null;
  // Provisional in December when it reaches next year: a decision on the spot is never held up for it.
  const due = await trackDeadline(ctx, {
    ownerType: 'verification_task',
    kind: 'verification',
    startDate: chinaDate(ctx.now),
    workingDays: planned.deadlineDays,
  });
  const dueDate = due.date;
  const supervisingDepartmentId = version.supervisingDepartmentId ?? version.departmentId;
  const task = insertTask(ctx, {
    applicationId: decided.applicationId,
    licenseId: decided.licenseId,
    itemVersionId: version.id,
    mode: decided.mode,
    subjectKind: decided.subject.kind,
    subjectName: decided.subject.name,
    subjectCodeSealed: ctx.crypto.encrypt(decided.subject.code),
    subjectCodeHash: ctx.crypto.lookupHash(decided.subject.code),
    subjectCodeMasked: maskSubjectCode(decided.subject),
    grade: decided.grade,
    policyVersionId: decided.policyVersionId,
    method: planned.method,
    reason: planned.reason,
    status: 'pending',
    supervisingDepartmentId,
    approvingDepartmentId: version.departmentId,
    dueDate,
    createdAt: ctx.now,
  });
  appendTaskEvent(ctx, {
    taskId: task.id,
    event: 'create',
    fromStatus: null,
    toStatus: 'pending',
    actorId: null,
    actorName: null,
    detail: { method: planned.method, reason: planned.reason, deadlineDays: planned.deadlineDays, dueDate },
    at: ctx.now,
  });
  await due.schedule(jobNames.verificationOverdue, { taskId: task.id }, { before: 0, at: 'day_end' });
  due.save(task.id);
  // One read of both departments' staff: who is told, and whether anyone can act at all (15.6).
  const staff = await activeStaffOf(ctx.tx, [supervisingDepartmentId, version.departmentId]);
  await escalate(ctx, {
    kind: 'verification_task',
    refType: 'verification_task',
    refId: task.id,
    summary: `${version.name}：核查${decided.subject.name}的承诺（${dueDate}前）`,
    gaps: await gapsIn(ctx.tx, staff, verificationNeeds(version, supervisingDepartmentId, planned.method)),
  });
  const admins = staff.filter(
    (s) => s.departmentId === supervisingDepartmentId && s.roles.includes('supervision_admin'),
  );
  for (const admin of admins) {
    await notify(ctx, {
      userId: admin.id,
      kind: 'verification_task',
      title: `新的核查任务：${version.name}`,
      body: `承诺人${decided.subject.name}的承诺事项须于${dueDate}前完成核查，请分派核查人员。`,
      refType: 'verification_task',
      refId: task.id,
    });
  }
  await appendAudit(ctx, {
    action: 'verification.create',
    targetType: 'verification_task',
    targetId: task.id,
    after: { applicationId: task.applicationId, method: task.method, dueDate, supervisingDepartmentId },
  });
  return task;
}

export async function pushVerificationResult(ctx: Ctx, task: TaskRow, result: Record<string, unknown>) {
  writeOutbox(ctx, {
    topic: 'verification',
    aggregateType: 'verification_task',
    aggregateId: task.id,
    idempotencyKey: `verification:${task.id}:${task.version}`,
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
