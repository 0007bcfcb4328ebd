import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import {
  type ReviewBody,
  toleranceOutcomeLabels,
  toleranceSituationLabels,
} from '../../../contracts/tolerance';
import { hasPermission } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { actorRef } from '../catalog/shared';
import { notify } from '../inbox/notify';
import { caseFile } from './case-file';
import { insertReview, staffName } from './repository';

/**
 * The reviewing body (纪检监察) records which 容错 situation applies, if any, and the outcome with its
 * reasons, once per case; the official concerned is told.
 */
export async function recordReview(ctx: Ctx, taskId: string, input: Static<typeof ReviewBody>) {
  if (!hasPermission(ctx.actor, 'tolerance.review'))
    throw new DomainError('FORBIDDEN', '仅纪检监察人员可以登记复核结论');
  const file = await caseFile(ctx, taskId);
  if (input.outcome !== 'not_exempt' && !input.situation) {
    throw new DomainError('VALIDATION', '免责或减轻的，须写明适用的容错情形', { field: 'situation' });
  }
  const who = actorRef(ctx.actor);
  // The register names people as they sign, by their display name, never by a login name.
  const reviewer = who.actorId ? await staffName(ctx.tx, who.actorId) : undefined;
  const row = await insertReview(ctx.tx, {
    id: randomUUID(),
    taskId: file.taskId,
    officialUserId: file.official?.userId ?? null,
    situation: input.situation,
    outcome: input.outcome,
    reasons: input.reasons,
    reviewerId: who.actorId,
    reviewerName: reviewer?.name ?? who.actorName,
    reviewedAt: ctx.now,
  });
  if (!row) throw new DomainError('CONFLICT', '该案件已登记复核结论');
  if (file.official) {
    await notify(ctx, {
      userId: file.official.userId,
      kind: 'tolerance_review',
      title: `容错免责复核结论：${toleranceOutcomeLabels[input.outcome]}`,
      body: `办件${file.applicationNumber}（${file.itemName}）撤销审批决定一案，复核结论为“${toleranceOutcomeLabels[input.outcome]}”${
        input.situation ? `，适用情形：${toleranceSituationLabels[input.situation]}` : ''
      }。理由：${input.reasons}`,
      refType: 'tolerance_case',
      refId: file.taskId,
    });
  }
  await appendAudit(ctx, {
    action: 'tolerance.review',
    targetType: 'verification_task',
    targetId: file.taskId,
    after: {
      reviewId: row.id,
      officialUserId: row.officialUserId,
      situation: row.situation,
      outcome: row.outcome,
      reasons: row.reasons,
    },
  });
  return file.taskId;
}
