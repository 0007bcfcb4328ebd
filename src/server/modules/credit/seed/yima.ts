import { allCommitment, national, none, type PolicySeed, refused } from './common';

/** 001 义马市《政务领域开展信用承诺改革工作方案（试行）》(2020-12-28). */
export const yima: PolicySeed = {
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
