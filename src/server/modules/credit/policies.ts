import type { ApprovalMode } from '../../../contracts/catalog';
import type { PolicyDefinition } from '../../../contracts/credit-policy';

/**
 * The first published version of each jurisdiction's eligibility policy, written from its document in
 * ../shared/seeds. They are data: a credit officer changes one by publishing a new version (after a
 * simulation), and cases keep the version they were judged under.
 */
export type PolicySeed = { code: string; name: string; regions: string[]; definition: PolicyDefinition };

const national = { code: 'national', values: ['A', 'B', 'C', 'D'] };
const allCommitment: ApprovalMode[] = [
  'one_form',
  'commit_entry',
  'enter_then_verify',
  'certificate_commitment',
  'license_commitment',
  'missing_materials',
];
const none = { incentives: [], restrictions: [] };
const refused = {
  modes: ['standard'] as ApprovalMode[],
  incentives: [],
  restrictions: ['key_review' as const],
};

/** 000 乌审旗《推行信用审批打造“承诺即入”新模式实施方案》(2023-05-30). */
const wushen: PolicySeed = {
  code: 'wushen',
  name: '乌审旗信用审批“承诺即入”准入规则',
  regions: ['150626'],
  definition: {
    basis:
      '乌审旗推行信用审批打造“承诺即入”新模式实施方案：申请人有较严重的不良信用记录或存在曾作出虚假承诺等情形的，在信用修复前不适用信用审批、“承诺即入”模式',
    gradeScale: national,
    baseline: 'eligible',
    rules: [
      {
        id: 'dishonesty_list',
        type: 'record',
        match: { kinds: ['serious_dishonesty_list', 'blacklist'] },
        effect: 'not_eligible',
        message: '列入严重失信主体名单或黑名单，信用修复前不适用“承诺即入”',
      },
      {
        id: 'false_commitment',
        type: 'record',
        match: { kinds: ['false_commitment'] },
        effect: 'not_eligible',
        message: '曾作出虚假承诺，信用修复前不适用“承诺即入”',
      },
      {
        id: 'serious_bad_record',
        type: 'record',
        match: {
          kinds: ['administrative_penalty', 'abnormal_operation', 'broken_commitment'],
          severities: ['serious'],
        },
        effect: 'not_eligible',
        message: '有较严重的不良信用记录',
      },
      {
        id: 'unfulfilled_penalty',
        type: 'record',
        match: { kinds: ['administrative_penalty'], severities: ['general'], penaltyFulfilled: false },
        effect: 'not_eligible',
        message: '行政处罚尚未履行',
      },
      {
        id: 'general_bad_record',
        type: 'record',
        match: { kinds: ['abnormal_operation', 'broken_commitment'], severities: ['general'] },
        effect: 'conditional',
        message: '有一般不良信用记录，仅可先入后验（10个工作日内现场核验）',
      },
      {
        id: 'grade_d',
        type: 'grade',
        values: ['D'],
        effect: 'not_eligible',
        message: '信用评价等级为D级',
      },
      {
        id: 'grade_c',
        type: 'grade',
        values: ['C'],
        effect: 'conditional',
        message: '信用评价等级为C级，仅可先入后验',
      },
    ],
    waivers: [],
    outcomes: {
      eligible: { modes: allCommitment, ...none },
      conditional: { modes: ['enter_then_verify'], ...none },
      not_eligible: refused,
    },
    breach: {
      false_commitment: [
        { kind: 'false_commitment', severity: 'serious', summary: '虚假承诺，撤销审批决定并记入信用档案' },
      ],
      broken_commitment: [
        {
          kind: 'broken_commitment',
          severity: 'general',
          summary: '违反承诺，逾期不整改或整改后仍不符合条件',
        },
      ],
      missing_materials_unsupplied: [
        { kind: 'broken_commitment', severity: 'general', summary: '承诺期限内未补齐容缺材料' },
      ],
    },
  },
};

/** 001 义马市《政务领域开展信用承诺改革工作方案（试行）》(2020-12-28). */
const yima: PolicySeed = {
  code: 'yima',
  name: '义马市政务领域信用承诺准入规则',
  regions: ['411281'],
  definition: {
    basis:
      '义马市政务领域开展信用承诺改革工作方案（试行）四（一）：对有严重失信行为的、被列入黑名单的、有行政处罚失信行为且未履行相关义务的，不得采用信用承诺审批模式，仍按照原审批程序办理',
    gradeScale: national,
    baseline: 'eligible',
    rules: [
      {
        id: 'serious_dishonesty',
        type: 'record',
        match: { kinds: ['serious_dishonesty_list'] },
        effect: 'not_eligible',
        message: '有严重失信行为',
      },
      {
        id: 'serious_record',
        type: 'record',
        match: {
          kinds: ['false_commitment', 'broken_commitment', 'abnormal_operation', 'administrative_penalty'],
          severities: ['serious'],
        },
        effect: 'not_eligible',
        message: '有严重失信行为',
      },
      {
        id: 'blacklist',
        type: 'record',
        match: { kinds: ['blacklist'] },
        effect: 'not_eligible',
        message: '被列入黑名单',
      },
      {
        id: 'unfulfilled_penalty',
        type: 'record',
        match: { kinds: ['administrative_penalty'], penaltyFulfilled: false },
        effect: 'not_eligible',
        message: '有行政处罚失信行为且未履行相关义务',
      },
      {
        id: 'false_commitment',
        type: 'record',
        match: { kinds: ['false_commitment'] },
        effect: 'not_eligible',
        message: '曾作出虚假承诺，已纳入失信记录',
      },
    ],
    waivers: [],
    outcomes: {
      eligible: { modes: allCommitment, ...none },
      conditional: { modes: ['missing_materials'], ...none },
      not_eligible: refused,
    },
    breach: {
      false_commitment: [
        {
          kind: 'false_commitment',
          severity: 'general',
          summary: '实际情况与承诺内容不符，整改不到位或拒绝整改',
        },
      ],
      broken_commitment: [
        { kind: 'broken_commitment', severity: 'general', summary: '违反承诺，整改不到位或拒绝整改' },
      ],
      missing_materials_unsupplied: [
        { kind: 'broken_commitment', severity: 'general', summary: '承诺时限内未补齐所缺材料，整改不到位' },
      ],
    },
  },
};

/** 002 扎兰屯市政务服务中心《关于进一步做好政务服务领域“信易批”工作的通知》(2024). */
const zhalantun: PolicySeed = {
  code: 'zhalantun',
  name: '扎兰屯市“信易批”准入规则',
  regions: ['150783'],
  definition: {
    basis:
      '扎兰屯市“信易批”工作通知：适用于信用良好的申请人（包括取得“纳税信用联合激励卡”的主体），出示激励卡电子证照即可；不守信的申请人列为重点审查对象，不再享受绿色通道、容缺受理、告知承诺等便利措施',
    gradeScale: national,
    baseline: 'eligible',
    rules: [
      {
        id: 'blacklist',
        type: 'record',
        match: { kinds: ['blacklist', 'serious_dishonesty_list'] },
        effect: 'not_eligible',
        message: '列入信用监管“黑名单”或严重失信主体名单',
      },
      {
        id: 'dishonest_commitment',
        type: 'record',
        match: { kinds: ['false_commitment', 'broken_commitment'] },
        effect: 'not_eligible',
        message: '有虚假承诺或违诺记录，不守信',
      },
      {
        id: 'unfulfilled_penalty',
        type: 'record',
        match: { kinds: ['administrative_penalty'], penaltyFulfilled: false },
        effect: 'not_eligible',
        message: '行政处罚尚未履行，信用不良',
      },
      {
        id: 'abnormal_operation',
        type: 'record',
        match: { kinds: ['abnormal_operation'] },
        effect: 'not_eligible',
        message: '列入经营异常名录，信用不良',
      },
    ],
    waivers: [
      {
        id: 'incentive_card',
        when: { holds: { kinds: ['tax_incentive_card'] } },
        // The card stands in for the credit check itself; only the blacklist outweighs it.
        waives: ['abnormal_operation', 'unfulfilled_penalty'],
        message: '持有纳税信用联合激励卡，直接适用“信易批”',
      },
    ],
    outcomes: {
      eligible: {
        modes: [
          'certificate_commitment',
          'license_commitment',
          'missing_materials',
          'commit_entry',
          'one_form',
        ],
        incentives: ['green_channel', 'instant_approval', 'assisted_service', 'door_to_door'],
        restrictions: [],
      },
      conditional: { modes: ['certificate_commitment'], ...none },
      not_eligible: refused,
    },
    breach: {
      false_commitment: [
        { kind: 'false_commitment', severity: 'serious', summary: '经核实实际情况达不到承诺标准' },
        {
          kind: 'blacklist',
          severity: 'serious',
          summary: '告知承诺审批后经核实达不到承诺标准，列入信用监管“黑名单”',
        },
      ],
      broken_commitment: [
        { kind: 'broken_commitment', severity: 'general', summary: '经核实实际情况达不到承诺标准' },
        {
          kind: 'blacklist',
          severity: 'serious',
          summary: '告知承诺审批后经核实达不到承诺标准，列入信用监管“黑名单”',
        },
      ],
      missing_materials_unsupplied: [
        {
          kind: 'blacklist',
          severity: 'serious',
          summary: '容缺受理后未按期限提报申请资料，经催告后仍未提交，列入信用监管“黑名单”',
        },
      ],
    },
  },
};

/** 003 扬州市“信用+承诺”审批分级 (2023). */
const yangzhou: PolicySeed = {
  code: 'yangzhou',
  name: '扬州市“信用+承诺”审批分级准入规则',
  regions: ['321000', '321002', '321003', '321012', '321023', '321081', '321084'],
  definition: {
    basis:
      '扬州“信用+承诺”审批分级：企业信用风险分为A、B、C、D、E五级；市级及以上重大项目无需查询信用等级，直接适用；B级及以上且在信用扬州网站无违法失信记录的，有条件适用；存在违法失信记录或等级为C级及以下的，不适用',
    gradeScale: { code: 'yangzhou', values: ['A', 'B', 'C', 'D', 'E'] },
    baseline: 'conditional',
    rules: [
      {
        id: 'dishonesty_record',
        type: 'record',
        match: {
          kinds: [
            'serious_dishonesty_list',
            'blacklist',
            'false_commitment',
            'broken_commitment',
            'administrative_penalty',
            'abnormal_operation',
          ],
        },
        effect: 'not_eligible',
        message: '在信用扬州网站存在违法失信记录',
      },
      {
        id: 'grade_c_or_below',
        type: 'grade',
        values: ['C', 'D', 'E'],
        effect: 'not_eligible',
        message: '信用风险等级为C级及以下',
      },
      {
        id: 'grade_missing',
        type: 'grade_missing',
        effect: 'not_eligible',
        message: '未查到信用风险分类等级，无法分级适用',
      },
    ],
    waivers: [
      {
        id: 'major_project',
        when: { majorProject: true },
        waives: ['grade_c_or_below', 'grade_missing'],
        baseline: 'eligible',
        message: '市级及以上重大项目，无需查询信用等级，直接适用“信用+承诺”审批',
      },
    ],
    outcomes: {
      eligible: { modes: allCommitment, incentives: ['green_channel', 'instant_approval'], restrictions: [] },
      // 有条件适用: 先证后核 — the commitment is always verified afterwards.
      conditional: {
        modes: ['enter_then_verify', 'certificate_commitment', 'license_commitment', 'missing_materials'],
        incentives: ['green_channel'],
        restrictions: [],
      },
      not_eligible: refused,
    },
    breach: {
      false_commitment: [
        {
          kind: 'false_commitment',
          severity: 'serious',
          summary: '虚假承诺，撤销行政许可决定，纳入市场主体诚信档案',
        },
      ],
      broken_commitment: [
        {
          kind: 'broken_commitment',
          severity: 'general',
          summary: '未履行承诺被撤销行政许可决定，纳入市场主体诚信档案',
        },
      ],
      missing_materials_unsupplied: [
        { kind: 'broken_commitment', severity: 'general', summary: '未按承诺补齐容缺材料' },
      ],
    },
  },
};

/** 004 鄂尔多斯市《全面推行证明事项告知承诺制实施方案》(2021-01-27). */
const ordos: PolicySeed = {
  code: 'ordos',
  name: '鄂尔多斯市证明事项告知承诺准入规则',
  regions: ['150600', '150602', '150603', '150621', '150622', '150623', '150624', '150625', '150627'],
  definition: {
    basis:
      '鄂尔多斯市全面推行证明事项告知承诺制实施方案四（一）：申请人有较严重不良信用记录或者存在曾作出虚假承诺等情形的，在信用修复前不适用告知承诺制',
    gradeScale: national,
    baseline: 'eligible',
    rules: [
      {
        id: 'dishonesty_list',
        type: 'record',
        match: { kinds: ['serious_dishonesty_list', 'blacklist'] },
        effect: 'not_eligible',
        message: '有较严重不良信用记录（列入严重失信主体名单或黑名单）',
      },
      {
        id: 'serious_bad_record',
        type: 'record',
        match: {
          kinds: ['administrative_penalty', 'abnormal_operation', 'broken_commitment'],
          severities: ['serious'],
        },
        effect: 'not_eligible',
        message: '有较严重不良信用记录',
      },
      {
        id: 'false_commitment',
        type: 'record',
        match: { kinds: ['false_commitment'] },
        effect: 'not_eligible',
        message: '曾作出虚假承诺，信用修复前不适用告知承诺制',
      },
    ],
    waivers: [],
    outcomes: {
      eligible: { modes: ['certificate_commitment'], ...none },
      conditional: { modes: ['certificate_commitment'], ...none },
      not_eligible: refused,
    },
    breach: {
      // 根据虚假承诺造成的社会影响进行失信程度分级.
      false_commitment: [
        {
          kind: 'false_commitment',
          severity: 'by_impact',
          summary: '承诺不实，依法撤销行政决定并纳入信用记录',
        },
      ],
      broken_commitment: [
        { kind: 'broken_commitment', severity: 'by_impact', summary: '违反承诺，纳入信用记录' },
      ],
      missing_materials_unsupplied: [
        { kind: 'broken_commitment', severity: 'general', summary: '未按承诺提交材料' },
      ],
    },
  },
};

export const seedPolicies: PolicySeed[] = [wushen, yima, zhalantun, yangzhou, ordos];
