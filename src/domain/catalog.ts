import {
  type ApprovalMode,
  approvalModeLabels,
  approvalModes,
  type CommitmentMode,
  commitmentModes,
  DEFAULT_LICENSE_YEARS,
  type DecisionKind,
  decisionKindLabels,
  type ExclusionTag,
  exclusionTagLabels,
  type Issuance,
  type ItemContent,
  type LicenseTemplate,
  licenseTemplateLabels,
  type Material,
  type VerificationGrade,
  type VerificationMethod,
  type VerificationPlan,
} from '../contracts/catalog';

/**
 * Items touching these may not use any commitment mode: 004 (国家安全、国家秘密、公共安全、金融业审慎监管、
 * 生态环境保护、人身健康、生命财产安全、重要涉外) and 000 (社会稳定、生态保护红线、重大公共利益).
 */
export const commitmentExclusions: readonly ExclusionTag[] = [
  'national_security',
  'state_secrets',
  'public_safety',
  'social_stability',
  'ecological_red_line',
  'financial_prudential',
  'environmental_protection',
  'personal_health',
  'life_property_safety',
  'major_public_interest',
  'foreign_affairs',
];

/** 002: 容缺受理 applies except to items directly touching 公共安全、生态环境保护、节约能源、人身健康、生命财产安全. */
export const missingMaterialsExclusions: readonly ExclusionTag[] = [
  'public_safety',
  'ecological_red_line',
  'environmental_protection',
  'energy_saving',
  'personal_health',
  'life_property_safety',
];

/** 000: 先入后验 verifies the commitment within 10 working days unless the item sets its own deadline. */
export const ENTER_THEN_VERIFY_DEFAULT_DAYS = 10;

export type RuleProblem = {
  field: string;
  message: string;
  tag?: ExclusionTag;
  mode?: ApprovalMode;
};

const isCommitmentMode = (m: ApprovalMode): m is CommitmentMode =>
  (commitmentModes as readonly string[]).includes(m);

export const hasCommitmentMode = (modes: readonly ApprovalMode[]): boolean => modes.some(isCommitmentMode);

/** What an approval of the item issues, every field filled in (19.5). */
export type IssuanceFields = {
  issuance: Issuance;
  licenseName: string | null;
  licenseTemplate: LicenseTemplate | null;
  licenseValidityYears: number | null;
  decisionKind: DecisionKind | null;
  multipleLicensesAllowed: boolean;
};

/**
 * The issuance of content as given: absent fields take what every item meant before they existed (a license
 * named after the item, certificate layout, five years, one per subject); a decision carries no license
 * fields. A decision without its kind stays null here and is refused by `checkItemRules`.
 */
export function issuanceOf(c: ItemContent): IssuanceFields {
  if (c.issuance === 'decision') {
    return {
      issuance: 'decision',
      licenseName: null,
      licenseTemplate: null,
      licenseValidityYears: null,
      decisionKind: c.decisionKind ?? null,
      multipleLicensesAllowed: false,
    };
  }
  return {
    issuance: 'license',
    licenseName: c.licenseName?.trim() || c.name.trim(),
    licenseTemplate: c.licenseTemplate ?? 'certificate',
    licenseValidityYears:
      c.licenseValidityYears === undefined ? DEFAULT_LICENSE_YEARS : c.licenseValidityYears,
    decisionKind: null,
    multipleLicensesAllowed: c.multipleLicensesAllowed ?? false,
  };
}

/** “颁发证照：食品经营许可证（证书式，有效期5年）” or “只作决定（备案），不发证照”. */
export function issuanceLabel(f: IssuanceFields): string {
  if (f.issuance === 'decision') {
    return `只作决定（${f.decisionKind ? decisionKindLabels[f.decisionKind] : '未选择类别'}），不发证照`;
  }
  const years = f.licenseValidityYears === null ? '长期有效' : `有效期${f.licenseValidityYears}年`;
  const several = f.multipleLicensesAllowed ? '，同一主体可持有多个' : '';
  return `颁发证照：${f.licenseName}（${licenseTemplateLabels[f.licenseTemplate ?? 'certificate']}，${years}${several}）`;
}

/** Puts content in its canonical form: standard always present, modes in catalog order, no stray values. */
export function normalizeContent<T extends ItemContent>(c: T): T & IssuanceFields {
  const modes = approvalModes.filter((m) => m === 'standard' || c.modes.includes(m));
  const exclusionTags = [...new Set(c.exclusionTags)];
  const materials: Material[] = c.materials.map((m) => ({
    ...m,
    name: m.name.trim(),
    replacesCertificate:
      m.replaceableByCommitment && m.replacesCertificate?.trim() ? m.replacesCertificate.trim() : null,
    supplyDeadlineDays: m.tolerableMissing ? m.supplyDeadlineDays : null,
  }));
  const v = c.verification;
  const verification: VerificationPlan = {
    method: v.method,
    deadlineDays:
      v.deadlineDays ?? (modes.includes('enter_then_verify') ? ENTER_THEN_VERIFY_DEFAULT_DAYS : null),
    byGrade: v.byGrade.map((g) => ({
      ...g,
      samplingPercent: g.method === 'sampling' ? g.samplingPercent : null,
    })),
  };
  return {
    ...c,
    name: c.name.trim(),
    legalBasis: c.legalBasis.trim(),
    modes,
    exclusionTags,
    materials,
    verification,
    ...issuanceOf(c),
  };
}

/** Every rule an item's content must satisfy before it can even be saved as a draft. */
export function checkItemRules(c: ItemContent): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (c.promisedTimeLimitDays > c.legalTimeLimitDays) {
    problems.push({
      field: 'promisedTimeLimitDays',
      message: `承诺时限（${c.promisedTimeLimitDays}个工作日）不得长于法定时限（${c.legalTimeLimitDays}个工作日）`,
    });
  }
  for (const tag of c.exclusionTags) {
    if (commitmentExclusions.includes(tag)) {
      for (const mode of c.modes.filter(isCommitmentMode)) {
        problems.push({
          field: 'modes',
          tag,
          mode,
          message: `事项涉及“${exclusionTagLabels[tag]}”，不得适用“${approvalModeLabels[mode]}”`,
        });
      }
    }
    if (missingMaterialsExclusions.includes(tag)) {
      if (c.modes.includes('missing_materials')) {
        problems.push({
          field: 'modes',
          tag,
          mode: 'missing_materials',
          message: `事项涉及“${exclusionTagLabels[tag]}”，不得适用“容缺受理”`,
        });
      }
      c.materials.forEach((m, i) => {
        if (m.tolerableMissing) {
          problems.push({
            field: `materials[${i}].tolerableMissing`,
            tag,
            mode: 'missing_materials',
            message: `事项涉及“${exclusionTagLabels[tag]}”，材料“${m.name}”不得设为可容缺`,
          });
        }
      });
    }
  }
  const names = new Set<string>();
  let tolerable = 0;
  let certificates = 0;
  c.materials.forEach((m, i) => {
    const at = `materials[${i}]`;
    if (names.has(m.name)) problems.push({ field: `${at}.name`, message: `材料“${m.name}”重复` });
    names.add(m.name);
    if (m.tolerableMissing) {
      tolerable++;
      if (!c.modes.includes('missing_materials')) {
        problems.push({
          field: `${at}.tolerableMissing`,
          message: `材料“${m.name}”设为可容缺，但事项未开通“容缺受理”`,
        });
      }
      if (!m.supplyDeadlineDays) {
        problems.push({
          field: `${at}.supplyDeadlineDays`,
          message: `可容缺材料“${m.name}”须设定补正期限（工作日）`,
        });
      }
      if (m.fromSharedData) {
        problems.push({
          field: `${at}.tolerableMissing`,
          message: `材料“${m.name}”通过共享获取，不向申请人索要，无需容缺`,
        });
      }
    }
    if (m.replaceableByCommitment) {
      if (!hasCommitmentMode(c.modes)) {
        problems.push({
          field: `${at}.replaceableByCommitment`,
          message: `材料“${m.name}”可承诺替代，但事项未开通任何告知承诺模式`,
        });
      }
      if (m.replacesCertificate) certificates++;
    }
  });
  if (c.modes.includes('missing_materials') && tolerable === 0) {
    problems.push({ field: 'materials', message: '开通“容缺受理”须至少标明一项可容缺材料' });
  }
  if (c.modes.includes('certificate_commitment') && certificates === 0) {
    problems.push({
      field: 'materials',
      message: '开通“证明事项告知承诺”须至少标明一项以承诺替代的证明',
    });
  }
  if (c.issuance === 'decision' && !c.decisionKind) {
    problems.push({
      field: 'decisionKind',
      message: '不发证照的事项须写明决定类别（确认、备案、给付或其他）',
    });
  }
  const grades = new Set<VerificationGrade>();
  c.verification.byGrade.forEach((g, i) => {
    if (grades.has(g.grade)) {
      problems.push({ field: `verification.byGrade[${i}]`, message: `信用等级${g.grade}的核查强度重复设定` });
    }
    grades.add(g.grade);
    if (g.method === 'sampling' && !g.samplingPercent) {
      problems.push({
        field: `verification.byGrade[${i}].samplingPercent`,
        message: '抽查方式须设定抽查比例',
      });
    }
  });
  return problems;
}

/** A mandatory section of the notice (告知书) or the commitment letter (承诺书), per 004. */
export type Section = { field: string; label: string };

export const noticeSections: readonly Section[] = [
  { field: 'name', label: '告知书：办理事项名称' },
  { field: 'legalBasis', label: '告知书：设定证明或许可的依据' },
  { field: 'notice.proofContent', label: '告知书：证明的内容或许可条件和材料要求' },
  { field: 'notice.commitmentMethod', label: '告知书：承诺的方式' },
  { field: 'notice.civilLiability', label: '告知书：虚假承诺的民事责任' },
  { field: 'notice.administrativeLiability', label: '告知书：虚假承诺的行政责任' },
  { field: 'notice.criminalLiability', label: '告知书：虚假承诺的刑事责任' },
];
export const commitmentSections: readonly Section[] = [
  { field: 'commitment.informed', label: '承诺书：已知晓告知事项' },
  { field: 'commitment.meetsConditions', label: '承诺书：已符合相关条件' },
  { field: 'commitment.acceptsLiability', label: '承诺书：愿意承担虚假承诺的责任' },
  { field: 'commitment.truthful', label: '承诺书：承诺意思表示真实' },
];

const valueAt = (c: ItemContent, field: string): string => {
  const [a, b] = field.split('.') as [string, string | undefined];
  const v = b ? (c as unknown as Record<string, Record<string, unknown>>)[a]?.[b] : (c as never)[a];
  return typeof v === 'string' ? v.trim() : '';
};

/**
 * The empty mandatory sections. An item with no commitment mode (一般程序 only) still needs its name and
 * legal basis, but has no commitment to notify or sign.
 */
export function missingSections(c: ItemContent): Section[] {
  const needsTemplates = c.modes.some((m) => m !== 'standard');
  const sections = needsTemplates ? [...noticeSections, ...commitmentSections] : noticeSections.slice(0, 2);
  return sections.filter((s) => valueAt(c, s.field) === '');
}

/** How a commitment made by a committer of this credit grade is verified (004: 信用状况决定核查办法). */
export function verificationFor(
  plan: VerificationPlan,
  grade: VerificationGrade | null,
): { method: VerificationMethod; samplingPercent: number | null; deadlineDays: number | null } {
  const g = grade ? plan.byGrade.find((x) => x.grade === grade) : undefined;
  return {
    method: g?.method ?? plan.method,
    samplingPercent: g ? g.samplingPercent : null,
    deadlineDays: plan.deadlineDays,
  };
}

/** 000: what can be fetched by data sharing or from e-licenses is never asked of the applicant. */
export const applicantMaterials = (materials: readonly Material[]): Material[] =>
  materials.filter((m) => !m.fromSharedData);

/** Text searched by the public catalog: name, code, basis and materials, lower-cased. */
export function searchText(code: string, c: ItemContent): string {
  return [code, c.name, c.legalBasis, ...c.materials.map((m) => m.name)].join(' ').toLowerCase();
}
