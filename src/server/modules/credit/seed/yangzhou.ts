import { allCommitment, type PolicySeed, refused } from './common';

/** 003 扬州市“信用+承诺”审批分级 (2023). */
export const yangzhou: PolicySeed = {
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
