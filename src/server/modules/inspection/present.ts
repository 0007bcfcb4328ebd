import type { Static } from 'typebox';
import { inspectionOutcomeLabels, type Plan, type PublicPlan } from '../../../contracts/inspection';
import { maskPersonName, maskResidentId } from '../../../domain/codes';
import { runDraw } from '../../../domain/inspection-draw';
import { chinaDate } from '../../../domain/working-days';
import type { Executor } from '../../db/client';
import { sm3 } from '../../security/crypto';
import { drawInputs } from './draw-plan';
import {
  type DrawRow,
  departmentName,
  findDraw,
  findPlan,
  listDraws,
  listInspections,
  type PlanRow,
  type StoredCandidate,
  type StoredConflict,
  type StoredInspector,
} from './repository';

export type View = 'staff' | 'public';

/** A natural person is never shown in full to the public: resident ID and name are masked. */
const shown = (view: View, kind: string, code: string, name: string) =>
  view === 'public' && kind === 'individual'
    ? { code: maskResidentId(code), name: maskPersonName(name) }
    : { code, name };

export async function planView(
  db: Executor,
  plan: PlanRow,
  view: 'staff',
  now: Date,
): Promise<Static<typeof Plan>>;
export async function planView(
  db: Executor,
  plan: PlanRow,
  view: 'public',
  now: Date,
): Promise<Static<typeof PublicPlan>>;
export async function planView(
  db: Executor,
  plan: PlanRow,
  view: View,
  now: Date,
): Promise<Static<typeof Plan> | Static<typeof PublicPlan>> {
  const inspectors = plan.inspectors as StoredInspector[];
  const names = new Map(inspectors.map((i) => [i.id, i.name]));
  const draws = await listDraws(db, plan.id);
  const inspections = await listInspections(
    db,
    draws.map((d) => d.id),
  );
  const today = chinaDate(now);
  const ratios = plan.ratios as Record<string, number>;
  const candidates = plan.candidates as StoredCandidate[];
  const conflicts = (plan.conflicts as StoredConflict[]).map((c) => {
    const kind = candidates.find((x) => x.code === c.subjectCode)?.kind ?? '';
    return { ...c, subjectCode: shown(view, kind, c.subjectCode, '').code };
  });
  const base = {
    id: plan.id,
    departmentId: plan.departmentId,
    departmentName: await departmentName(db, plan.departmentId),
    name: plan.name,
    scope: plan.scope,
    ratios: Object.fromEntries(Object.entries(ratios).map(([g, bp]) => [g, bp / 100])),
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    inspectorsPerInspection: plan.inspectorsPerInspection,
    status: plan.status,
    nextSeedHash: plan.seedHash,
    candidates: candidates.map((c) => ({ ...c, ...shown(view, c.kind, c.code, c.name) })),
    inspectors,
    createdAt: plan.createdAt.toISOString(),
    draws: draws.map((d) => {
      const mine = inspections.filter((i) => i.drawId === d.id);
      const unpublished = mine.filter((i) => !i.publishedAt).length;
      return {
        id: d.id,
        round: d.round,
        current: !d.supersededAt,
        reason: d.reason,
        algorithm: d.algorithm,
        seed: d.seed,
        seedHash: d.seedHash,
        subjectListHash: d.subjectListHash,
        inspectorListHash: d.inspectorListHash,
        strata: d.strata as { grade: string; candidates: number; ratioBp: number; selected: number }[],
        drawnOn: d.drawnOn,
        drawnAt: d.drawnAt.toISOString(),
        publishDeadline: d.publishDeadline,
        unpublished,
        overdue: !d.supersededAt && unpublished > 0 && today > d.publishDeadline,
        selections: mine.map((i) => {
          // The public sees a result only once it is published.
          const visible = view === 'staff' || !!i.publishedAt;
          const who = shown(view, i.subjectKind, i.subjectCode, i.subjectName);
          return {
            id: i.id,
            position: i.position,
            subjectKind: i.subjectKind,
            subjectCode: who.code,
            subjectName: who.name,
            grade: i.grade,
            inspectors: (i.inspectorIds as string[]).map((id) => ({ id, name: names.get(id) ?? '' })),
            outcome: visible ? i.outcome : null,
            outcomeLabel: visible && i.outcome ? inspectionOutcomeLabels[i.outcome] : null,
            summary: visible ? i.summary : null,
            inspectedOn: visible ? i.inspectedOn : null,
            publishedAt: i.publishedAt?.toISOString() ?? null,
          };
        }),
      };
    }),
  };
  // The public sees who may not inspect whom (needed to re-run the assignment), never why.
  return view === 'staff'
    ? { ...base, conflicts }
    : { ...base, conflicts: conflicts.map(({ inspectorId, subjectCode }) => ({ inspectorId, subjectCode })) };
}

/**
 * Re-runs a draw from its published inputs (the stored candidate lists, ratios, conflicts and the
 * revealed seed) and compares hashes and selection with what was published.
 */
export async function verifyDraw(db: Executor, drawId: string) {
  const draw = await findDraw(db, drawId);
  if (!draw) return null;
  const plan = (await findPlan(db, draw.planId))!;
  return compareDraw(plan, draw, await listInspections(db, [draw.id]));
}

export function compareDraw(
  plan: PlanRow,
  draw: DrawRow,
  stored: { subjectCode: string; inspectorIds: unknown; position: number }[],
) {
  const problems: string[] = [];
  const seedMatchesCommitment = sm3(draw.seed) === draw.seedHash;
  if (!seedMatchesCommitment) problems.push('公开的种子与抽取前公布的种子哈希不符');
  const result = runDraw(drawInputs(plan, draw.seed));
  if (result.algorithm !== draw.algorithm) problems.push(`算法版本不同：${draw.algorithm}`);
  if (result.subjectListHash !== draw.subjectListHash) problems.push('检查对象名录哈希与公布的不符');
  if (result.inspectorListHash !== draw.inspectorListHash) problems.push('检查人员名录哈希与公布的不符');
  const sorted = [...stored].sort((a, b) => a.position - b.position);
  if (sorted.length !== result.selections.length) {
    problems.push(`抽中对象数量不同：公布 ${sorted.length} 个，重新抽取 ${result.selections.length} 个`);
  }
  result.selections.forEach((s, i) => {
    const got = sorted[i];
    if (!got) return;
    if (got.subjectCode !== s.subjectCode) problems.push(`第${i + 1}个抽中对象不同`);
    else if ((got.inspectorIds as string[]).join(',') !== s.inspectorIds.join(',')) {
      problems.push(`第${i + 1}个抽中对象的检查人员不同`);
    }
  });
  return {
    matches: problems.length === 0,
    algorithm: result.algorithm,
    seedMatchesCommitment,
    subjectListHash: result.subjectListHash,
    inspectorListHash: result.inspectorListHash,
    problems: problems.slice(0, 50),
  };
}
