import type { Static } from 'typebox';
import { inspectionOutcomeLabels, type Plan, type PublicPlan } from '../../../contracts/inspection';
import { maskPersonName, maskResidentId } from '../../../domain/codes';
import { DRAW_ALGORITHM_V1, entryCommitment, runDraw, runDrawV1 } from '../../../domain/inspection-draw';
import { chinaDate } from '../../../domain/working-days';
import type { Executor } from '../../db/client';
import { type DataCrypto, sm3 } from '../../security/crypto';
import { entrySalt, planEntryKey } from './commitments';
import { commitmentsByCode, drawInputs, drawInputsV1 } from './draw-plan';
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

export const presentPlanSummary = (r: { plan: PlanRow; departmentName: string }) => ({
  id: r.plan.id,
  departmentName: r.departmentName,
  name: r.plan.name,
  periodStart: r.plan.periodStart,
  periodEnd: r.plan.periodEnd,
  status: r.plan.status,
  candidates: (r.plan.candidates as unknown[]).length,
  createdAt: r.plan.createdAt.toISOString(),
});

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
  crypto: DataCrypto,
): Promise<Static<typeof Plan>>;
export async function planView(
  db: Executor,
  plan: PlanRow,
  view: 'public',
  now: Date,
  crypto: DataCrypto,
): Promise<Static<typeof PublicPlan>>;
export async function planView(
  db: Executor,
  plan: PlanRow,
  view: View,
  now: Date,
  crypto: DataCrypto,
): Promise<Static<typeof Plan> | Static<typeof PublicPlan>> {
  const inspectors = plan.inspectors as StoredInspector[];
  const names = new Map(inspectors.map((i) => [i.id, i.name]));
  const draws = await listDraws(db, plan.id);
  const inspections = await listInspections(
    db,
    crypto,
    draws.map((d) => d.id),
  );
  const today = chinaDate(now);
  const ratios = plan.ratios as Record<string, number>;
  const candidates = plan.candidates as StoredCandidate[];
  const byCode = new Map(candidates.map((c) => [c.code, c]));
  const conflicts = (plan.conflicts as StoredConflict[]).map((c) => {
    const candidate = byCode.get(c.subjectCode);
    return {
      ...c,
      subjectCode: shown(view, candidate?.kind ?? '', c.subjectCode, '').code,
      commitment: candidate?.commitment ?? null,
    };
  });
  // A code shown in full (an enterprise's, or any to staff) hides nothing: its salt is shown with it, so
  // anyone can check that entry's commitment. A natural person's salt goes to that person only.
  const entryKey = planEntryKey(crypto, plan);
  const saltOf = (c: StoredCandidate) =>
    entryKey && c.commitment && (view === 'staff' || c.kind !== 'individual')
      ? entrySalt(entryKey, c.code)
      : null;
  const hasPersons = candidates.some((c) => c.kind === 'individual');
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
    candidates: candidates.map((c) => ({
      kind: c.kind,
      grade: c.grade,
      ...shown(view, c.kind, c.code, c.name),
      commitment: c.commitment ?? null,
      salt: saltOf(c),
    })),
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
        // A version 1 list hash confirms a guessed resident ID: not shown again to the public.
        subjectListHash:
          view === 'public' && hasPersons && d.algorithm === DRAW_ALGORITHM_V1 ? null : d.subjectListHash,
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
            commitment: byCode.get(i.subjectCode)?.commitment ?? null,
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
    : {
        ...base,
        conflicts: conflicts.map(({ inspectorId, subjectCode, commitment }) => ({
          inspectorId,
          subjectCode,
          commitment,
        })),
      };
}

/**
 * Re-runs a draw from its published inputs (the stored candidate lists, ratios, conflicts and the
 * revealed seed) and compares hashes and selection with what was published. For the public: a version 1
 * draw over natural persons is re-run, but its list hash is not shown.
 */
export async function verifyDraw(db: Executor, crypto: DataCrypto, drawId: string) {
  const draw = await findDraw(db, drawId);
  if (!draw) return null;
  const plan = (await findPlan(db, crypto, draw.planId))!;
  const result = compareDraw(plan, draw, await listInspections(db, crypto, [draw.id]), crypto);
  const hidden =
    draw.algorithm === DRAW_ALGORITHM_V1 &&
    (plan.candidates as StoredCandidate[]).some((c) => c.kind === 'individual');
  return hidden ? { ...result, subjectListHash: null } : result;
}

export function compareDraw(
  plan: PlanRow,
  draw: DrawRow,
  stored: { subjectCode: string; inspectorIds: unknown; position: number }[],
  crypto: DataCrypto,
) {
  const problems: string[] = [];
  const seedMatchesCommitment = sm3(draw.seed) === draw.seedHash;
  if (!seedMatchesCommitment) problems.push('公开的种子与抽取前公布的种子哈希不符');
  const v1 = draw.algorithm === DRAW_ALGORITHM_V1;
  const commitment = commitmentsByCode(plan);
  // Each drawn subject as the algorithm names it: its code (version 1) or its commitment.
  const nameOf = (code: string) => (v1 ? code : (commitment.get(code) ?? ''));
  const result = v1 ? runDrawV1(drawInputsV1(plan, draw.seed)) : runDraw(drawInputs(plan, draw.seed));
  const drawn = v1
    ? (result as ReturnType<typeof runDrawV1>).selections.map((s) => ({
        key: s.subjectCode,
        ids: s.inspectorIds,
      }))
    : (result as ReturnType<typeof runDraw>).selections.map((s) => ({
        key: s.commitment,
        ids: s.inspectorIds,
      }));
  if (result.algorithm !== draw.algorithm) problems.push(`算法版本不同：${draw.algorithm}`);
  if (result.subjectListHash !== draw.subjectListHash) problems.push('检查对象名录哈希与公布的不符');
  if (result.inspectorListHash !== draw.inspectorListHash) problems.push('检查人员名录哈希与公布的不符');
  if (!v1) {
    // The department vouches that each published commitment is that of the candidate it stands for.
    const key = planEntryKey(crypto, plan);
    const wrong = (plan.candidates as StoredCandidate[]).filter(
      (c) => !key || c.commitment !== entryCommitment(entrySalt(key, c.code), c.code, c.grade),
    );
    if (wrong.length) problems.push(`${wrong.length} 个检查对象的承诺值与其代码、信用等级不符`);
  }
  const sorted = [...stored].sort((a, b) => a.position - b.position);
  if (sorted.length !== drawn.length) {
    problems.push(`抽中对象数量不同：公布 ${sorted.length} 个，重新抽取 ${drawn.length} 个`);
  }
  drawn.forEach((s, i) => {
    const got = sorted[i];
    if (!got) return;
    if (nameOf(got.subjectCode) !== s.key) problems.push(`第${i + 1}个抽中对象不同`);
    else if ((got.inspectorIds as string[]).join(',') !== s.ids.join(',')) {
      problems.push(`第${i + 1}个抽中对象的检查人员不同`);
    }
  });
  return {
    matches: problems.length === 0,
    algorithm: result.algorithm,
    seedMatchesCommitment,
    subjectListHash: result.subjectListHash as string | null,
    inspectorListHash: result.inspectorListHash,
    problems: problems.slice(0, 50),
  };
}
