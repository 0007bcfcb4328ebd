import { assertSameDepartment } from '../../../domain/access';
import { DomainError } from '../../../domain/errors';
import { type DrawInput, type DrawInputV1, runDraw } from '../../../domain/inspection-draw';
import { chinaDate, reckonWorkingDays } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { randomToken, sm3 } from '../../security/crypto';
import { ensureCommitments } from './commitments';
import { planView } from './present';
import {
  currentDraw,
  findPlan,
  hasRecorded,
  insertDraw,
  insertInspections,
  type PlanRow,
  type StoredCandidate,
  type StoredConflict,
  type StoredInspector,
  supersedeDraw,
  updatePlan,
} from './repository';

/** Results of a 双随机 inspection are published within 20 working days of the draw. */
export const PUBLISH_WITHIN_WORKING_DAYS = 20;

/** Candidate code → commitment, for a plan that has them. */
export const commitmentsByCode = (plan: PlanRow): Map<string, string> =>
  new Map((plan.candidates as StoredCandidate[]).map((c) => [c.code, c.commitment ?? '']));

/**
 * The draw's inputs as published with the plan: what anyone re-running it needs besides the seed.
 * Candidates and conflicts are named by commitment; the plan must have them (`ensureCommitments`).
 */
export function drawInputs(plan: PlanRow, seed: string): DrawInput {
  const commitment = commitmentsByCode(plan);
  return {
    seed,
    entries: (plan.candidates as StoredCandidate[]).map((c) => ({
      commitment: c.commitment ?? '',
      grade: c.grade,
      name: c.name,
    })),
    inspectors: plan.inspectors as StoredInspector[],
    ratiosBp: plan.ratios as Record<string, number>,
    conflicts: (plan.conflicts as StoredConflict[]).map((c) => ({
      inspectorId: c.inspectorId,
      commitment: commitment.get(c.subjectCode) ?? '',
    })),
    perInspection: plan.inspectorsPerInspection,
  };
}

/** A version 1 draw's inputs: the subjects' codes themselves, known to the department only. */
export function drawInputsV1(plan: PlanRow, seed: string): DrawInputV1 {
  return {
    seed,
    subjects: (plan.candidates as StoredCandidate[]).map(({ code, name, grade }) => ({ code, name, grade })),
    inspectors: plan.inspectors as StoredInspector[],
    ratiosBp: plan.ratios as Record<string, number>,
    conflicts: (plan.conflicts as StoredConflict[]).map(({ inspectorId, subjectCode }) => ({
      inspectorId,
      subjectCode,
    })),
    perInspection: plan.inspectorsPerInspection,
  };
}

/**
 * Draws (or redraws, with a reason) using the seed committed beforehand, publishes that seed, and
 * commits to the next one. A redraw is refused once results have been recorded on the current draw.
 */
export async function drawPlan(ctx: Ctx, planId: string, reason: string | undefined) {
  const found = await findPlan(ctx.tx, ctx.crypto, planId, { forUpdate: true });
  if (!found) throw new DomainError('NOT_FOUND', '抽查计划不存在');
  assertSameDepartment(ctx.actor, found.departmentId);
  // The current draw is locked before its results are looked at: a result being recorded holds it
  // `for share` until it commits, so either the redraw sees that result and is refused, or the result,
  // waiting here, then finds its draw superseded. Without the lock both could succeed.
  const previous = await currentDraw(ctx.tx, planId, { forUpdate: true });
  if (previous) {
    if (!reason?.trim()) throw new DomainError('VALIDATION', '该计划已抽取过，重新抽取须写明理由');
    if (await hasRecorded(ctx.tx, previous.id)) {
      throw new DomainError('CONFLICT', '本次抽取已有检查结果录入，不能重新抽取');
    }
  } else if (reason) {
    throw new DomainError('VALIDATION', '首次抽取不需要填写重抽理由');
  }
  const plan = await ensureCommitments(ctx, found);
  const seed = ctx.crypto.decrypt(plan.seedEnc);
  const input = drawInputs(plan, seed);
  const result = runDraw(input);
  const drawnOn = chinaDate(ctx.now);
  // In December it may reach next year before its arrangement is loaded: counted provisionally then.
  const publishDeadline = reckonWorkingDays(
    await ctx.calendar.get(ctx.tx),
    drawnOn,
    PUBLISH_WITHIN_WORKING_DAYS,
  ).date;
  if (previous) await supersedeDraw(ctx.tx, previous.id, ctx.now);
  const draw = await insertDraw(ctx.tx, {
    planId,
    round: (previous?.round ?? 0) + 1,
    seed,
    seedHash: plan.seedHash,
    reason: previous ? reason!.trim() : null,
    algorithm: result.algorithm,
    subjectListHash: result.subjectListHash,
    inspectorListHash: result.inspectorListHash,
    strata: result.strata,
    drawnOn,
    publishDeadline,
    drawnBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    drawnAt: ctx.now,
  });
  const byCommitment = new Map((plan.candidates as StoredCandidate[]).map((c) => [c.commitment, c]));
  await insertInspections(
    ctx.tx,
    ctx.crypto,
    result.selections.map((s, position) => {
      const c = byCommitment.get(s.commitment)!;
      return {
        drawId: draw.id,
        position,
        subjectKind: c.kind,
        subjectCode: c.code,
        subjectName: c.name,
        grade: c.grade,
        inspectorIds: s.inspectorIds,
      };
    }),
  );
  // Commit to the seed of a possible redraw now, so that one too is fixed before anyone needs it.
  const next = randomToken(32);
  await updatePlan(ctx.tx, ctx.crypto, planId, {
    status: 'drawn',
    seedEnc: ctx.crypto.encrypt(next),
    seedHash: sm3(next),
  });
  await appendAudit(ctx, {
    action: previous ? 'inspection.redraw' : 'inspection.draw',
    targetType: 'inspection_plan',
    targetId: planId,
    before: previous ? { drawId: previous.id, round: previous.round } : undefined,
    after: {
      drawId: draw.id,
      round: draw.round,
      reason: draw.reason,
      algorithm: draw.algorithm,
      seedHash: draw.seedHash,
      subjectListHash: draw.subjectListHash,
      inspectorListHash: draw.inspectorListHash,
      selected: result.selections.length,
      publishDeadline,
    },
  });
  return planView(ctx.tx, (await findPlan(ctx.tx, ctx.crypto, planId))!, 'staff', ctx.now, ctx.crypto);
}
