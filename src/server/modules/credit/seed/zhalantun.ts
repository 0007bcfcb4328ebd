import { national, none, type PolicySeed, refused } from './common';

/** 002 扎兰屯市政务服务中心《关于进一步做好政务服务领域“信易批”工作的通知》(2024). */
export const zhalantun: PolicySeed = {
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
