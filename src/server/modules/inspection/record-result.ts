import { inspectionOutcomeLabels } from '../../../contracts/inspection';
import { assertSameDepartment, hasPermission } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { committerCategoryOf } from '../../../domain/national-items';
import { publicTextProblem } from '../../../domain/personal-data';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { writeOutbox } from '../../outbox/outbox';
import {
  findDraw,
  findInspection,
  findPlan,
  type InspectionRow,
  publishRecorded,
  updateUnpublishedInspection,
} from './repository';

export type RecordResultInput = {
  outcome: NonNullable<InspectionRow['outcome']>;
  summary: string;
  inspectedOn: string;
};

const PUBLISHED = '检查结果已公示，不能再修改';

/** An assigned inspector (or the plan's supervision administrator) records the result; published results are final. */
export async function recordResult(ctx: Ctx, inspectionId: string, input: RecordResultInput) {
  const row = await findInspection(ctx.tx, ctx.crypto, inspectionId);
  if (!row) throw new DomainError('NOT_FOUND', '检查任务不存在');
  // Held until commit: a redraw (which locks the draw `for update`) waits for this result and is then
  // refused, or this waits for the redraw and then sees the draw superseded.
  const draw = (await findDraw(ctx.tx, row.drawId, { lock: 'share' }))!;
  const plan = (await findPlan(ctx.tx, ctx.crypto, draw.planId))!;
  assertSameDepartment(ctx.actor, plan.departmentId);
  if (draw.supersededAt) throw new DomainError('CONFLICT', '该次抽取已被重新抽取取代，不能录入结果');
  const assigned = ctx.actor.kind === 'staff' && (row.inspectorIds as string[]).includes(ctx.actor.userId);
  if (!assigned && !hasPermission(ctx.actor, 'inspection.manage')) {
    throw new DomainError('FORBIDDEN', '只有被抽中的检查人员或监管管理员可以录入该检查结果');
  }
  if (row.publishedAt) throw new DomainError('CONFLICT', PUBLISHED);
  // The summary is published with the result (双随机、一公开): refused, not silently masked, when it names
  // a person by ID or phone, so that its author decides what the public record says (ADR 0019).
  const problem = publicTextProblem('检查结果摘要', input.summary);
  if (problem) throw new DomainError('VALIDATION', problem, { field: 'summary' });
  if (input.inspectedOn < draw.drawnOn || input.inspectedOn > chinaDate(ctx.now)) {
    throw new DomainError('VALIDATION', `检查日期应在抽取日期（${draw.drawnOn}）与今天之间`);
  }
  // Compare-and-set: the check above read the row before a publication that may commit meanwhile.
  const after = await updateUnpublishedInspection(ctx.tx, ctx.crypto, inspectionId, {
    outcome: input.outcome,
    summary: input.summary.trim(),
    inspectedOn: input.inspectedOn,
    recordedBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    recordedAt: ctx.now,
  });
  if (!after) throw new DomainError('CONFLICT', PUBLISHED);
  await appendAudit(ctx, {
    action: 'inspection.record_result',
    targetType: 'inspection',
    targetId: inspectionId,
    before: { outcome: row.outcome, summary: row.summary, inspectedOn: row.inspectedOn },
    after: { outcome: after.outcome, summary: after.summary, inspectedOn: after.inspectedOn },
  });
  return after;
}

/** Publishes every recorded, unpublished result of a draw. */
export async function publishResults(ctx: Ctx, drawId: string) {
  // Like recording, waits for a redraw in progress and then sees the draw as it left it.
  const draw = await findDraw(ctx.tx, drawId, { lock: 'share' });
  if (!draw) throw new DomainError('NOT_FOUND', '抽取记录不存在');
  const plan = (await findPlan(ctx.tx, ctx.crypto, draw.planId))!;
  assertSameDepartment(ctx.actor, plan.departmentId);
  if (draw.supersededAt) throw new DomainError('CONFLICT', '该次抽取已被重新抽取取代');
  const rows = await publishRecorded(ctx.tx, ctx.crypto, drawId, ctx.now);
  if (!rows.length) throw new DomainError('PRECONDITION_FAILED', '没有已录入但未公示的检查结果');
  // Results also feed back into credit (000, 001): each goes to the credit platform and the other
  // subscribers as it is made public.
  for (const r of rows) {
    writeOutbox(ctx, {
      topic: 'inspection_result',
      aggregateType: 'inspection',
      aggregateId: r.id,
      departmentIds: [plan.departmentId],
      payload: {
        inspectionId: r.id,
        planName: plan.name,
        departmentId: plan.departmentId,
        subjectName: r.subjectName,
        subjectCategory: committerCategoryOf(r.subjectKind),
        // Sealed in the outbox; in clear only to subscriptions granted resident IDs (ADR 0019).
        subjectCode: r.subjectCode,
        outcome: r.outcome,
        outcomeLabel: r.outcome ? inspectionOutcomeLabels[r.outcome] : null,
        summary: r.summary,
        inspectedOn: r.inspectedOn,
        publishedAt: ctx.now.toISOString(),
      },
    });
  }
  await appendAudit(ctx, {
    action: 'inspection.publish_results',
    targetType: 'inspection_draw',
    targetId: drawId,
    after: { published: rows.length, publishedAt: ctx.now, deadline: draw.publishDeadline },
  });
  return { published: rows.length };
}
