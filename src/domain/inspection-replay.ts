import {
  DRAW_ALGORITHM,
  DRAW_ALGORITHM_V1,
  type DrawStratum,
  entryCommitment,
  findOwnEntry,
  runDraw,
  runDrawV1,
} from './inspection-draw';

/**
 * Re-checking a published plan with nothing but what `GET /api/public/inspections/plans/{id}` shows:
 * used by `npm run draw:verify` and usable as it is in a browser (no Node API). Only the fields read
 * here are needed, so a plan fetched by any client fits.
 */
export type PublishedPlan = {
  candidates: {
    kind: string;
    code: string;
    grade: string;
    commitment?: string | null;
    salt?: string | null;
  }[];
  inspectors: { id: string; name: string }[];
  conflicts: { inspectorId: string; subjectCode: string; commitment?: string | null }[];
  inspectorsPerInspection: number;
  draws: {
    round: number;
    algorithm: string;
    seed: string;
    subjectListHash: string | null;
    inspectorListHash: string;
    strata: { grade: string; ratioBp: number }[];
    selections: { subjectCode: string; commitment?: string | null; inspectors: { id: string }[] }[];
  }[];
};

export type DrawReplay = {
  round: number;
  algorithm: string;
  /** False when the draw cannot be re-run from public data (version 1 over natural persons). */
  replayed: boolean;
  matches: boolean;
  problems: string[];
  strata: DrawStratum[];
  selected: number;
};

export type PlanReplay = {
  ok: boolean;
  /** Entries whose salt is published (codes that are public anyway) and whose commitment is wrong. */
  entryProblems: string[];
  draws: DrawReplay[];
  /** With a subject's own code and salt: its entry, and the rounds in which it was drawn. */
  own?: { found: boolean; grade: string | null; selectedInRounds: number[] };
};

const sameSelections = (
  a: { key: string; ids: string[] }[],
  b: { key: string; ids: string[] }[],
): string[] => {
  const problems: string[] = [];
  if (a.length !== b.length) problems.push(`抽中对象数量不同：公布 ${a.length} 个，重新抽取 ${b.length} 个`);
  a.forEach((s, i) => {
    const r = b[i];
    if (!r) return;
    if (s.key !== r.key) problems.push(`第${i + 1}个抽中对象不同`);
    else if (s.ids.join(',') !== r.ids.join(',')) problems.push(`第${i + 1}个抽中对象的检查人员不同`);
  });
  return problems;
};

export function replayPublishedPlan(plan: PublishedPlan, own?: { code: string; salt: string }): PlanReplay {
  const entryProblems: string[] = [];
  for (const c of plan.candidates) {
    if (c.salt && c.commitment && entryCommitment(c.salt, c.code, c.grade) !== c.commitment) {
      entryProblems.push(`检查对象 ${c.code} 的承诺值与公布的代码、信用等级、盐值不符`);
    }
  }
  const entries = plan.candidates
    .filter((c): c is typeof c & { commitment: string } => !!c.commitment)
    .map((c) => ({ commitment: c.commitment, grade: c.grade }));
  const hasPersons = plan.candidates.some((c) => c.kind === 'individual');
  const draws = plan.draws.map((d): DrawReplay => {
    const ratiosBp = Object.fromEntries(d.strata.map((s) => [s.grade, s.ratioBp]));
    const published = (key: (s: PublishedPlan['draws'][number]['selections'][number]) => string) =>
      d.selections.map((s) => ({ key: key(s), ids: s.inspectors.map((i) => i.id) }));
    const base = { round: d.round, algorithm: d.algorithm };
    if (d.algorithm === DRAW_ALGORITHM) {
      const r = runDraw({
        seed: d.seed,
        entries,
        inspectors: plan.inspectors,
        ratiosBp,
        conflicts: plan.conflicts.map((c) => ({
          inspectorId: c.inspectorId,
          commitment: c.commitment ?? '',
        })),
        perInspection: plan.inspectorsPerInspection,
      });
      const problems: string[] = [];
      if (r.subjectListHash !== d.subjectListHash) problems.push('检查对象名录哈希不同');
      if (r.inspectorListHash !== d.inspectorListHash) problems.push('检查人员名录哈希不同');
      problems.push(
        ...sameSelections(
          published((s) => s.commitment ?? ''),
          r.selections.map((s) => ({ key: s.commitment, ids: s.inspectorIds })),
        ),
      );
      return {
        ...base,
        replayed: true,
        matches: !problems.length,
        problems,
        strata: r.strata,
        selected: r.selections.length,
      };
    }
    if (d.algorithm === DRAW_ALGORITHM_V1 && !hasPersons) {
      const r = runDrawV1({
        seed: d.seed,
        subjects: plan.candidates.map((c) => ({ code: c.code, name: '', grade: c.grade })),
        inspectors: plan.inspectors,
        ratiosBp,
        conflicts: plan.conflicts,
        perInspection: plan.inspectorsPerInspection,
      });
      const problems: string[] = [];
      if (r.subjectListHash !== d.subjectListHash) problems.push('检查对象名录哈希不同');
      if (r.inspectorListHash !== d.inspectorListHash) problems.push('检查人员名录哈希不同');
      problems.push(
        ...sameSelections(
          published((s) => s.subjectCode),
          r.selections.map((s) => ({ key: s.subjectCode, ids: s.inspectorIds })),
        ),
      );
      return {
        ...base,
        replayed: true,
        matches: !problems.length,
        problems,
        strata: r.strata,
        selected: r.selections.length,
      };
    }
    return {
      ...base,
      replayed: false,
      matches: false,
      problems: [
        d.algorithm === DRAW_ALGORITHM_V1
          ? '旧算法（v1）的抽取以代码排序，名录含自然人（已脱敏），公众无法重新抽取；可由系统的核对接口重新抽取'
          : `不认识的抽取算法：${d.algorithm}`,
      ],
      strata: [],
      selected: d.selections.length,
    };
  });
  let ownResult: PlanReplay['own'];
  if (own) {
    const hit = findOwnEntry(entries, own.code, own.salt);
    ownResult = {
      found: !!hit,
      grade: hit?.grade ?? null,
      selectedInRounds: hit
        ? plan.draws
            .filter((d) => d.selections.some((s) => s.commitment === hit.commitment))
            .map((d) => d.round)
        : [],
    };
  }
  return {
    ok: !entryProblems.length && draws.every((d) => d.matches || !d.replayed) && (!own || !!ownResult?.found),
    entryProblems,
    draws,
    ...(ownResult ? { own: ownResult } : {}),
  };
}
