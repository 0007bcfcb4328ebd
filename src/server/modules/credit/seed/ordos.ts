import { national, none, type PolicySeed, refused } from './common';

/** 004 鄂尔多斯市《全面推行证明事项告知承诺制实施方案》(2021-01-27). */
export const ordos: PolicySeed = {
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
