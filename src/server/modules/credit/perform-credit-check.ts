import { type ApprovalMode, approvalModes } from '../../../contracts/catalog';
import { publicityMonths, recordInEffect } from '../../../domain/credit';
import { type EvalRecord, evaluatePolicy } from '../../../domain/credit-policy';
import { DomainError } from '../../../domain/errors';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx, Deps } from '../../context';
import type { CheckedRecord, SourceAnswerRow } from '../../db/schema';
import { cachedDepartment } from '../accounts/department-cache';
import { getItemVersion } from '../catalog/repository';
import type { CreditCheckInput, CreditCheckResult, SubjectRef } from './port';
import { insertCheck, type PolicyRow, type RecordRow } from './repository';
import { askCreditPlatforms, type PlatformAnswers } from './sources';
import { findOrCreateSubjectFile, normalizeSubjectCode } from './subjects';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const LOCAL_SOURCE = { id: 'local', name: '本地信用档案' } as const;

/**
 * The jurisdiction's published policy for a department's region: an exact region match first, then the
 * prefecture (a banner or district falls under its city's rules), else the configured default.
 */
export async function policyForDepartment(ctx: Ctx, departmentId: string | null): Promise<PolicyRow> {
  const region = departmentId ? (await cachedDepartment(ctx, departmentId))?.regionCode : undefined;
  const published = await ctx.policies.get(ctx.tx);
  if (region) {
    const exact = published.find((p) => p.regions.includes(region));
    const city = `${region.slice(0, 4)}00`;
    const prefecture = published.find((p) => p.regions.includes(city));
    const found = exact ?? prefecture;
    if (found) return found;
  }
  const fallback = published.find((p) => p.code === ctx.config.creditDefaultPolicy);
  if (!fallback) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `未找到已发布的默认准入规则“${ctx.config.creditDefaultPolicy}”`,
    );
  }
  return fallback;
}

const toEval = (r: RecordRow): EvalRecord => ({
  id: r.id,
  kind: r.kind,
  severity: r.severity,
  decidedOn: r.decidedOn,
  status: r.status,
  published: r.published,
  validUntil: r.validUntil,
  penaltyFulfilled: r.penaltyFulfilled,
  underObjection: r.underObjection,
  source: r.source,
});

/**
 * The platforms' answers for a subject, asked before the check's transaction opens. None when no
 * platform is configured or the code is not valid (the check itself then refuses it).
 */
export async function askPlatformsFirst(
  deps: Pick<Deps, 'creditSources' | 'clock'>,
  s: SubjectRef,
): Promise<PlatformAnswers | undefined> {
  if (deps.creditSources.length === 0) return undefined;
  let code: string;
  try {
    code = normalizeSubjectCode(s, chinaDate(deps.clock()));
  } catch {
    return undefined;
  }
  return askCreditPlatforms(deps.creditSources, { kind: s.kind, code, name: s.name });
}

/**
 * The recorded credit check that opens every application (应查必查): queries the local credit file and
 * every configured platform, judges by the policy of the item's jurisdiction, and stores what was asked,
 * what each source answered, and why it came out as it did. A source that does not answer makes the
 * outcome not eligible — the standard procedure stays open.
 */
export async function performCreditCheck(ctx: Ctx, input: CreditCheckInput): Promise<CreditCheckResult> {
  const started = Date.now();
  const subject = await findOrCreateSubjectFile(ctx, input.subject);
  const localMs = Date.now() - started;
  if (input.itemVersionId && !UUID.test(input.itemVersionId))
    throw new DomainError('NOT_FOUND', '事项版本不存在');
  const version =
    input.itemVersion ??
    (input.itemVersionId ? await getItemVersion(ctx.tx, input.itemVersionId) : undefined);
  if (input.itemVersionId && !version) throw new DomainError('NOT_FOUND', '事项版本不存在');
  const policy = await policyForDepartment(ctx, version?.departmentId ?? null);
  const def = policy.definition;
  const today = chinaDate(ctx.now);

  const sources: SourceAnswerRow[] = [];
  const local = subject.records;
  const localGrades = subject.grades;
  const localGrade = localGrades.find((g) => g.scale === def.gradeScale.code) ?? localGrades[0] ?? null;
  sources.push({
    source: LOCAL_SOURCE.id,
    name: LOCAL_SOURCE.name,
    ok: true,
    error: null,
    durationMs: localMs,
    recordsFound: local.length,
    grade: localGrade ? { scale: localGrade.scale, value: localGrade.value } : null,
  });

  const records: EvalRecord[] = local.map(toEval);
  const snapshot: CheckedRecord[] = local.map((r) => ({
    id: r.id,
    source: LOCAL_SOURCE.id,
    kind: r.kind,
    severity: r.severity,
    authority: r.authority,
    decidedOn: r.decidedOn,
    summary: r.summary,
    status: r.status,
    penaltyFulfilled: r.penaltyFulfilled,
    underObjection: r.underObjection,
    inEffect: recordInEffect(r, today),
  }));
  const grades: { scale: string; value: string; gradedOn: string }[] = localGrades.map((g) => ({
    scale: g.scale,
    value: g.value,
    gradedOn: g.gradedOn,
  }));
  const failed: { source: string; name: string; error: string }[] = [];

  // Asked before the transaction by the caller where it could; otherwise (another code) here.
  const { answers } =
    input.platformAnswers?.code === subject.code
      ? input.platformAnswers
      : await askCreditPlatforms(ctx.creditSources, {
          kind: subject.row.kind,
          code: subject.code,
          name: subject.row.name,
        });
  for (const { platform, answer, error, durationMs } of answers) {
    if (!answer) {
      failed.push({ source: platform.id, name: platform.name, error: error ?? '' });
      sources.push({
        source: platform.id,
        name: platform.name,
        ok: false,
        error,
        durationMs,
        recordsFound: 0,
        grade: null,
      });
      continue;
    }
    for (const r of answer.records) {
      const id = `${platform.id}:${r.ref}`;
      const facts = {
        kind: r.kind,
        severity: r.severity,
        decidedOn: r.decidedOn,
        status: 'active' as const,
        published: publicityMonths[r.severity].publishedByDefault,
        validUntil: null,
      };
      records.push({
        ...facts,
        id,
        penaltyFulfilled: r.penaltyFulfilled,
        underObjection: false,
        source: platform.id,
      });
      snapshot.push({
        id,
        source: platform.id,
        kind: r.kind,
        severity: r.severity,
        authority: r.authority,
        decidedOn: r.decidedOn,
        summary: r.summary,
        status: 'active',
        penaltyFulfilled: r.penaltyFulfilled,
        underObjection: false,
        inEffect: recordInEffect(facts, today),
      });
    }
    if (answer.grade) grades.push(answer.grade);
    sources.push({
      source: platform.id,
      name: platform.name,
      ok: true,
      error: null,
      durationMs,
      recordsFound: answer.records.length,
      grade: answer.grade ? { scale: answer.grade.scale, value: answer.grade.value } : null,
    });
  }

  // The newest grade on the policy's scale, from whichever source graded last.
  const onScale = grades
    .filter((g) => g.scale === def.gradeScale.code)
    .sort((a, b) => (a.gradedOn < b.gradedOn ? 1 : -1))[0];
  const gradeFound = onScale ?? grades[0] ?? null;
  const grade = gradeFound ? { scale: gradeFound.scale, value: gradeFound.value } : null;

  const majorProject = input.majorProject ?? false;
  const result = evaluatePolicy(def, { today, majorProject, records, grade, failedSources: failed });
  const itemModes = new Set<ApprovalMode>(version ? version.modes : approvalModes);
  const allowedModes = approvalModes.filter(
    (m) => m === 'standard' || (result.modes.includes(m) && itemModes.has(m)),
  );

  const actor = ctx.actor;
  const { pending: check } = insertCheck(ctx, {
    subjectId: subject.row.id,
    applicationId: input.applicationId ?? null,
    itemVersionId: version?.id ?? null,
    itemDepartmentId: version?.departmentId ?? null,
    majorProject,
    checkedAt: ctx.now,
    actorKind: actor.kind,
    actorId:
      actor.kind === 'staff' || actor.kind === 'applicant'
        ? actor.userId
        : actor.kind === 'token'
          ? actor.tokenId
          : null,
    actorName: actor.kind === 'system' ? actor.name : actor.kind === 'token' ? actor.name : actor.username,
    departmentId: actor.kind === 'staff' || actor.kind === 'token' ? actor.departmentId : null,
    sources,
    records: snapshot,
    grade,
    policyVersionId: policy.id,
    outcome: result.outcome,
    allowedModes,
    reasons: result.reasons,
    incentives: result.incentives,
    restrictions: result.restrictions,
  });
  await appendAudit(ctx, {
    action: 'credit.check',
    targetType: 'credit_check',
    targetId: check.id,
    after: {
      subjectId: subject.row.id,
      applicationId: check.applicationId,
      policy: `${policy.code}@${policy.version}`,
      outcome: result.outcome,
      sources: sources.map((s) => ({ source: s.source, ok: s.ok })),
    },
  });
  return {
    checkId: check.id,
    subjectId: subject.row.id,
    outcome: result.outcome,
    allowedModes,
    reasons: result.reasons,
    incentives: result.incentives,
    restrictions: result.restrictions,
    policyVersionId: policy.id,
    grade,
  };
}
