import { allCommitment, national, none, type PolicySeed, refused } from './common';

/** 000 乌审旗《推行信用审批打造“承诺即入”新模式实施方案》(2023-05-30). */
export const wushen: PolicySeed = {
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
