import type { PolicyDefinition } from '../../../contracts/credit-policy';
import { type EvalInput, type EvalReason, evaluatePolicy, type Outcome } from '../../../domain/credit-policy';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import type { ReadCtx } from '../../context';
import { assertCreditDepartment } from './access';
import {
  findPolicy,
  latestChecks,
  latestGrades,
  listPolicies,
  listSubjects,
  publishedPolicyByCode,
  recordsOfSubjects,
} from './repository';

export type Simulation = {
  policyVersionId: string;
  baselineVersionId: string | null;
  evaluated: number;
  changed: number;
  changes: {
    subjectId: string;
    subjectName: string;
    checkId: string | null;
    before: Outcome;
    after: Outcome;
    reasons: Omit<EvalReason, 'effect'>[];
  }[];
};

const SIMULATION_LIMIT = 20_000;

/**
 * How many outcomes a draft would change before it is published: against every subject's local credit
 * file today (compared with the version in force), or against past checks of this policy (compared with
 * what they concluded, from the records and grade each check found).
 */
export async function simulatePolicy(
  ctx: ReadCtx,
  id: string,
  against: 'subjects' | 'checks',
): Promise<Simulation> {
  await assertCreditDepartment(ctx);
  const draft = await findPolicy(ctx.db, id);
  if (!draft) throw new DomainError('NOT_FOUND', '准入规则版本不存在');
  const baseline = await publishedPolicyByCode(ctx.db, draft.code);
  const changes: Simulation['changes'] = [];
  let evaluated = 0;
  const reasonsOf = (rs: EvalReason[]) =>
    rs.filter((r) => r.effect !== 'waived').map(({ effect: _e, ...r }) => r);

  if (against === 'subjects') {
    if (!baseline) throw new DomainError('PRECONDITION_FAILED', '该准入规则尚无已发布版本，无法对照现有主体');
    const today = chinaDate(ctx.now);
    const subjects = (await listSubjects(ctx.db)).slice(0, SIMULATION_LIMIT);
    const ids = subjects.map((s) => s.id);
    const records = await recordsOfSubjects(ctx.db, ids);
    const grades = await latestGrades(ctx.db, ids);
    for (const s of subjects) {
      const input = (def: PolicyDefinition): EvalInput => {
        const g = grades.find((x) => x.subjectId === s.id && x.scale === def.gradeScale.code);
        return {
          today,
          majorProject: false,
          records: records
            .filter((r) => r.subjectId === s.id)
            .map((r) => ({ ...r, source: r.source as string })),
          grade: g ? { scale: g.scale, value: g.value } : null,
          failedSources: [],
        };
      };
      const before = evaluatePolicy(baseline.definition, input(baseline.definition));
      const after = evaluatePolicy(draft.definition, input(draft.definition));
      evaluated++;
      if (before.outcome !== after.outcome) {
        changes.push({
          subjectId: s.id,
          subjectName: s.name,
          checkId: null,
          before: before.outcome,
          after: after.outcome,
          reasons: reasonsOf(after.reasons),
        });
      }
    }
  } else {
    const versions = new Set(
      (await listPolicies(ctx.db)).filter((p) => p.code === draft.code).map((p) => p.id),
    );
    const checks = (await latestChecks(ctx.db, SIMULATION_LIMIT)).filter((c) =>
      versions.has(c.policyVersionId),
    );
    const subjects = new Map((await listSubjects(ctx.db)).map((s) => [s.id, s]));
    for (const c of checks) {
      const after = evaluatePolicy(draft.definition, {
        today: chinaDate(c.checkedAt),
        majorProject: c.majorProject,
        // Only what counted on the day of the check; the engine re-derives nothing else from the dates.
        records: c.records
          .filter((r) => r.inEffect)
          .map((r) => ({
            id: r.id,
            kind: r.kind,
            severity: r.severity as 'minor' | 'general' | 'serious',
            decidedOn: r.decidedOn,
            status: 'active' as const,
            published: true,
            validUntil: null,
            penaltyFulfilled: r.penaltyFulfilled,
            underObjection: r.underObjection,
            source: r.source,
          })),
        grade: c.grade,
        failedSources: c.sources
          .filter((x) => !x.ok)
          .map((x) => ({ source: x.source, name: x.name, error: x.error ?? '' })),
      });
      evaluated++;
      if (after.outcome !== c.outcome) {
        changes.push({
          subjectId: c.subjectId,
          subjectName: subjects.get(c.subjectId)?.name ?? '',
          checkId: c.id,
          before: c.outcome,
          after: after.outcome,
          reasons: reasonsOf(after.reasons),
        });
      }
    }
  }
  return {
    policyVersionId: draft.id,
    baselineVersionId: baseline?.id ?? null,
    evaluated,
    changed: changes.length,
    changes,
  };
}
