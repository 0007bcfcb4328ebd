import type { MaterialState } from '../contracts/applications';
import { type ApprovalMode, approvalModeLabels, commitmentModes, type Material } from '../contracts/catalog';
import { DomainError } from './errors';

export type MaterialPlan = {
  name: string;
  state: MaterialState;
  fileId: string | null;
  /** Working days to supply a missing material (from the item). */
  supplyDeadlineDays: number | null;
};

export type MaterialInput = {
  mode: ApprovalMode;
  provided: ReadonlyMap<string, string>;
  missing: readonly string[];
  form: Readonly<Record<string, string>>;
};

/** Every mode but the standard procedure signs a commitment (容缺受理 commits to supply, 002). */
const signsCommitment = (mode: ApprovalMode): boolean =>
  (commitmentModes as readonly string[]).includes(mode) || mode === 'missing_materials';

/**
 * Decides, material by material, how an application covers the item's materials in the chosen mode:
 * shared data and e-licenses are never asked of the applicant (000, 003); a signed commitment replaces
 * the materials marked replaceable in every mode but the standard procedure (004); 一表即入 takes the rest as entries of one
 * 申请承诺表 (000); 容缺受理 lets tolerable materials follow later, never the others (002). Every problem is
 * named, so the applicant can fix them all at once.
 */
export function planMaterials(materials: readonly Material[], input: MaterialInput): MaterialPlan[] {
  const problems: string[] = [];
  const names = new Set(materials.map((m) => m.name));
  for (const n of [...input.provided.keys(), ...input.missing, ...Object.keys(input.form)]) {
    if (!names.has(n)) problems.push(`“${n}”不是本事项的申请材料`);
  }
  if (input.missing.length && input.mode !== 'missing_materials') {
    problems.push(`“${approvalModeLabels[input.mode]}”不接受容缺材料，请选择容缺受理或补齐材料`);
  }
  const plan: MaterialPlan[] = [];
  for (const m of materials) {
    const fileId = input.provided.get(m.name) ?? null;
    const base = { name: m.name, fileId, supplyDeadlineDays: null };
    if (m.fromSharedData) {
      plan.push({ ...base, fileId: null, state: 'shared' });
      continue;
    }
    if (signsCommitment(input.mode) && m.replaceableByCommitment && !fileId) {
      plan.push({ ...base, state: 'committed' });
      continue;
    }
    if (fileId) {
      plan.push({ ...base, state: 'provided' });
      continue;
    }
    if (input.mode === 'one_form' && input.form[m.name]?.trim()) {
      plan.push({ ...base, state: 'in_form' });
      continue;
    }
    if (input.missing.includes(m.name)) {
      if (!m.tolerableMissing) {
        problems.push(`“${m.name}”不可容缺，必须在受理时提交`);
        continue;
      }
      plan.push({ ...base, state: 'missing', supplyDeadlineDays: m.supplyDeadlineDays ?? 5 });
      continue;
    }
    if (m.required) {
      problems.push(
        input.mode === 'one_form' ? `请在申请承诺表中填报“${m.name}”` : `缺少必要材料“${m.name}”`,
      );
      continue;
    }
    plan.push({ ...base, state: 'not_provided' });
  }
  if (input.mode === 'missing_materials' && !plan.some((p) => p.state === 'missing') && !problems.length) {
    problems.push('容缺受理须列明至少一项容缺材料；材料齐全的请选择其他办理模式');
  }
  if (problems.length) {
    throw new DomainError('PRECONDITION_FAILED', problems[0]!, { problems });
  }
  return plan;
}
