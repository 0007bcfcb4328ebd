import type { Static } from 'typebox';
import type { Evidence, VerificationEvent } from '../../../contracts/verification';
import type { Actor } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { notify } from '../inbox/notify';
import { filesByIds, insertEvidence, staffWithRole, type TaskRow } from './repository';

export const staffOf = (actor: Actor) => {
  if (actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '仅限工作人员操作');
  return actor;
};

export function assertSupervisingAdmin(actor: Actor, task: TaskRow) {
  const s = staffOf(actor);
  if (!s.roles.includes('supervision_admin') || s.departmentId !== task.supervisingDepartmentId) {
    throw new DomainError('FORBIDDEN', '只能由承担监管职责部门的监管管理员分派核查任务');
  }
}

export function assertAssignedInspector(actor: Actor, task: TaskRow) {
  const s = staffOf(actor);
  if (!s.roles.includes('inspector') || !task.inspectorIds.includes(s.userId)) {
    throw new DomainError('FORBIDDEN', '只有被分派的核查人员可以登记核查结果');
  }
}

/**
 * Evidence files (photos, PDFs) the inspector uploaded are kept with the task, named and digested from
 * the stored file; only the inspector's own uploads may be attached, so nobody can pull another
 * person's file into a task they can read.
 */
export async function attachEvidence(
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

export async function notifyApprovers(ctx: Ctx, task: TaskRow, why: string) {
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

export type EvidenceItem = Static<typeof Evidence>;
export const evidenceFiles = (evidence: EvidenceItem[]) =>
  evidence.flatMap((e) => (e.fileId ? [{ fileId: e.fileId, sm3: e.sm3 }] : []));
