import type { Static } from 'typebox';
import type { AssistanceAnswerBody } from '../../../contracts/assistance';
import { assistanceFindingLabels } from '../../../contracts/assistance';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { notify } from '../inbox/notify';
import { findTask, insertEvidence } from '../verification/repository';
import { moveTask } from '../verification/shared';
import { type AssistanceRow, updateRequest } from './repository';

/**
 * The helper's answer, however it came: kept with the request, and with the task it serves as a step of
 * its history and as evidence, so the finding that follows stands on it. The requesting side is told.
 */
export async function recordAnswer(
  ctx: Ctx,
  before: AssistanceRow,
  input: Static<typeof AssistanceAnswerBody>,
  files: { id: string; name: string }[],
) {
  if (before.status !== 'open') throw new DomainError('CONFLICT', '该协助核查请求已答复');
  const task = await findTask(ctx.tx, before.taskId);
  if (!task) throw new DomainError('NOT_FOUND', '核查任务不存在');
  const who = actorRef(ctx.actor).actorName;
  const after = await updateRequest(ctx.tx, before, {
    status: 'answered',
    finding: input.finding,
    answer: input.answer,
    evidenceFileIds: files.map((f) => f.id),
    answeredBy: who,
    answeredAt: ctx.now,
  });
  if (!after) throw new DomainError('CONFLICT', '该协助核查请求刚被答复，请刷新后重试');
  await moveTask(
    ctx,
    task,
    'assistance_answered',
    {},
    {
      requestId: after.id,
      finding: after.finding,
      answer: after.answer,
      evidenceFileIds: after.evidenceFileIds,
    },
  );
  for (const f of files) {
    insertEvidence(ctx, {
      taskId: task.id,
      fileId: f.id,
      description: `协助核查材料：${f.name}`,
      event: 'assistance_answered',
      addedBy: who,
      addedAt: ctx.now,
    });
  }
  const told = new Set([...task.inspectorIds, ...(after.requestedById ? [after.requestedById] : [])]);
  for (const userId of told) {
    await notify(ctx, {
      userId,
      kind: 'assistance_answered',
      title: `协助核查已答复：${task.subjectName}`,
      body: `${assistanceFindingLabels[input.finding]}。${input.answer}`,
      refType: 'verification_task',
      refId: task.id,
    });
  }
  await appendAudit(ctx, {
    action: 'assistance.answer',
    targetType: 'assistance_request',
    targetId: after.id,
    before: { status: before.status },
    after: {
      status: after.status,
      taskId: task.id,
      finding: after.finding,
      evidenceFileIds: after.evidenceFileIds,
    },
  });
  return after;
}
