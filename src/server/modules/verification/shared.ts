import type { VerificationEvent } from '../../../contracts/verification';
import { DomainError } from '../../../domain/errors';
import { nextStatus } from '../../../domain/verification';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { appendTaskEvent, type TaskRow, updateTask } from './repository';

/** One guarded step: the state machine decides, the version column settles races, history records it. */
export async function moveTask(
  ctx: Ctx,
  before: TaskRow,
  event: VerificationEvent,
  set: Parameters<typeof updateTask>[2],
  detail: unknown,
): Promise<TaskRow> {
  const toStatus = nextStatus(before.status, event);
  const after = await updateTask(ctx.tx, before, { ...set, status: toStatus });
  if (!after) throw new DomainError('CONFLICT', '该核查任务刚被他人处理，请刷新后重试');
  const { actorId, actorName } = actorRef(ctx.actor);
  appendTaskEvent(ctx, {
    taskId: before.id,
    event,
    fromStatus: before.status,
    toStatus,
    actorId,
    actorName,
    detail: detail ?? null,
    at: ctx.now,
  });
  return after;
}
