import { checkResidentId, checkUscc } from '../../../domain/codes';
import { DomainError } from '../../../domain/errors';
import { percentToBp } from '../../../domain/inspection-draw';
import { chinaDate } from '../../../domain/working-days';
import { appendAudit } from '../../audit/audit-log';
import type { Ctx } from '../../context';
import { randomToken, sm3 } from '../../security/crypto';
import { newEntryKey, withCommitments } from './commitments';
import { planView } from './present';
import {
  findInspectors,
  insertPlan,
  licenseHolderRows,
  type StoredCandidate,
  type StoredConflict,
  supervisedItemCodes,
} from './repository';

export type CreatePlanInput = {
  name: string;
  scope: { description: string; itemCodes?: string[]; subjectKinds?: StoredCandidate['kind'][] };
  ratios: Record<string, number>;
  periodStart: string;
  periodEnd: string;
  inspectorsPerInspection: number;
  candidates: StoredCandidate[];
  inspectorIds?: string[];
  conflicts: StoredConflict[];
};

/** Grades are compared trimmed and upper-cased, in the candidate lists and the ratio keys alike. */
const normalGrade = (g: string) => g.trim().toUpperCase();

/** The department whose supervision administrator plans: plans belong to the planner's department. */
const plannerDepartment = (ctx: Ctx): string => {
  if (ctx.actor.kind !== 'staff') throw new DomainError('FORBIDDEN', '只有监管部门工作人员可以制定抽查计划');
  return ctx.actor.departmentId;
};

/**
 * Creates a plan with its candidate lists and commits to the seed of its first draw: only the seed's
 * SM3 is public until the draw, so the planner cannot pick a seed after seeing the lists. Each candidate
 * gets its salted commitment, the form in which the list is published.
 */
export async function createPlan(ctx: Ctx, input: CreatePlanInput) {
  const departmentId = plannerDepartment(ctx);
  const today = chinaDate(ctx.now);
  const problems: string[] = [];
  if (input.periodEnd < input.periodStart) problems.push('抽查期间的结束日期不能早于开始日期');
  // Ratio keys are grades: normalised exactly as the candidates' grades are, or `{ b: 20 }` samples nobody.
  const ratiosBp: Record<string, number> = {};
  for (const [key, pct] of Object.entries(input.ratios)) {
    const grade = normalGrade(key);
    if (!grade) problems.push('信用等级不能为空');
    else if (Object.hasOwn(ratiosBp, grade)) problems.push(`信用等级“${grade}”的抽查比例重复设置`);
    else ratiosBp[grade] = percentToBp(pct, grade);
  }
  if (!Object.keys(ratiosBp).length) problems.push('请至少为一个信用等级设置抽查比例');
  const codes = new Set<string>();
  let listed = input.candidates;
  if (!listed.length) {
    const itemCodes = [...new Set((input.scope.itemCodes ?? []).map((c) => c.trim()))];
    const supervised = await supervisedItemCodes(ctx.tx, departmentId, itemCodes);
    const foreign = itemCodes.filter((c) => !supervised.has(c));
    // A department draws only from holders of licenses it supervises: naming another department's item
    // is refused by name rather than quietly giving no one (or, before, giving that department's holders).
    if (foreign.length) problems.push(`以下事项不存在或不由本部门监管：${foreign.join('、')}`);
    else listed = await licenseHolders(ctx, departmentId, itemCodes, today);
  }
  if (!listed.length && !problems.length) {
    problems.push('抽查范围内没有持有有效证照的主体，请调整范围或提交检查对象名录');
  }
  const candidates = listed.map((c, i) => {
    const code = c.code.trim().toUpperCase();
    const check = c.kind === 'individual' ? checkResidentId(code, today) : checkUscc(code);
    if (!check.ok) {
      const what = c.kind === 'individual' ? '公民身份号码' : '统一社会信用代码';
      problems.push(`第${i + 1}个检查对象“${c.name}”的${what}有误：${check.reason}`);
    }
    if (codes.has(code)) problems.push(`第${i + 1}个检查对象“${c.name}”的代码与前面重复`);
    codes.add(code);
    if (input.scope.subjectKinds?.length && !input.scope.subjectKinds.includes(c.kind)) {
      problems.push(`第${i + 1}个检查对象“${c.name}”的主体类别不在抽查范围内`);
    }
    return { kind: c.kind, code, name: c.name.trim(), grade: normalGrade(c.grade) };
  });
  // A grade with no ratio would silently be sampled at 0%: say which, so that 0 is a decision.
  const byGrade = new Map<string, number>();
  for (const c of candidates) byGrade.set(c.grade, (byGrade.get(c.grade) ?? 0) + 1);
  for (const [grade, n] of byGrade) {
    if (Object.keys(ratiosBp).length && !Object.hasOwn(ratiosBp, grade)) {
      problems.push(`信用等级为“${grade}”的检查对象有 ${n} 个，但未设置该等级的抽查比例（不抽查请设为 0）`);
    }
  }
  const inspectors = await findInspectors(ctx.tx, departmentId, input.inspectorIds);
  if (input.inspectorIds && inspectors.length !== input.inspectorIds.length) {
    const found = new Set(inspectors.map((i) => i.id));
    const missing = input.inspectorIds.filter((id) => !found.has(id));
    problems.push(`以下人员不是本部门在岗的执法检查人员：${missing.join('、')}`);
  }
  if (inspectors.length < input.inspectorsPerInspection) {
    problems.push(
      `检查人员不足：每个检查对象需要 ${input.inspectorsPerInspection} 名检查人员，本计划只有 ${inspectors.length} 名`,
    );
  }
  const inspectorIds = new Set(inspectors.map((i) => i.id));
  const conflicts = input.conflicts.map((c) => ({ ...c, subjectCode: c.subjectCode.trim().toUpperCase() }));
  for (const c of conflicts) {
    if (!inspectorIds.has(c.inspectorId))
      problems.push(`利益冲突申报中的人员 ${c.inspectorId} 不在检查人员名录中`);
    if (!codes.has(c.subjectCode))
      problems.push(`利益冲突申报中的检查对象 ${c.subjectCode} 不在检查对象名录中`);
  }
  if (problems.length) {
    throw new DomainError('VALIDATION', problems.slice(0, 20).join('；'), { problems });
  }
  const seed = randomToken(32);
  const entryKey = newEntryKey();
  const row = await insertPlan(ctx.tx, ctx.crypto, {
    departmentId,
    name: input.name.trim(),
    scope: input.scope,
    ratios: ratiosBp,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    inspectorsPerInspection: input.inspectorsPerInspection,
    candidates: withCommitments(candidates, entryKey),
    entryKeyEnc: ctx.crypto.encrypt(entryKey),
    inspectors: [...inspectors].sort((a, b) => (a.id < b.id ? -1 : 1)),
    conflicts,
    seedEnc: ctx.crypto.encrypt(seed),
    seedHash: sm3(seed),
    status: 'planned',
    createdBy: ctx.actor.kind === 'staff' ? ctx.actor.userId : null,
    createdAt: ctx.now,
  });
  await appendAudit(ctx, {
    action: 'inspection_plan.create',
    targetType: 'inspection_plan',
    targetId: row.id,
    after: {
      name: row.name,
      ratiosBp,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      candidates: candidates.length,
      inspectors: inspectors.length,
      conflicts: conflicts.length,
      seedHash: row.seedHash,
    },
  });
  return planView(ctx.tx, row, 'staff', ctx.now, ctx.crypto);
}

/** Grades are the jurisdiction's letters; a holder never graded forms its own stratum. */
export const UNGRADED = '未评级';

/**
 * 检查对象名录 from the license file: holders of licenses still valid today from the items in scope
 * (by default every item this department supervises), one entry per subject, graded by its latest check.
 */
async function licenseHolders(
  ctx: Ctx,
  departmentId: string,
  itemCodes: string[],
  today: string,
): Promise<StoredCandidate[]> {
  const rows = await licenseHolderRows(ctx.tx, departmentId, itemCodes, today);
  const seen = new Map<string, StoredCandidate>();
  for (const r of rows) {
    if (seen.has(r.lookup)) continue;
    seen.set(r.lookup, {
      kind: r.kind as StoredCandidate['kind'],
      code: ctx.crypto.decrypt(r.codeEnc),
      name: r.name,
      grade: r.grade ?? UNGRADED,
    });
  }
  return [...seen.values()];
}
