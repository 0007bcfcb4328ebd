import { Type } from 'typebox';
import { IsoDate, StringEnum, Uuid } from './common';
import { ReportStatistics } from './reports';

export const StatisticsQuery = Type.Object({
  from: IsoDate,
  to: IsoDate,
  groupBy: Type.Optional(StringEnum(['item', 'department'] as const, '按事项或按部门统计，默认按事项')),
  departmentId: Type.Optional(Uuid),
});

export const metricLabels = {
  applications: '申请件数',
  commitmentsSigned: '签署承诺书',
  instantDecisions: '即审即办',
  approved: '准予许可',
  materialsCut: '减免材料（承诺替代、共享获取、表单合并）',
  missingMaterialCases: '容缺受理件数',
  workingDaysTaken: '实际用时（工作日，合计）',
  legalTimeLimitDays: '法定时限（工作日，合计）',
  workingDaysSaved: '较法定时限节省（工作日，合计）',
  verificationsDone: '完成核查',
  verificationsOpen: '待核查',
  verificationsOverdue: '逾期未核查',
  breaches: '发现违诺或虚假承诺',
  revocations: '撤销审批决定',
  repairs: '信用修复（准予）',
} as const;
export type Metric = keyof typeof metricLabels;
export const metrics = Object.keys(metricLabels) as Metric[];

const Counts = Type.Object(
  Object.fromEntries(metrics.map((m) => [m, Type.Integer({ description: metricLabels[m] })])) as Record<
    Metric,
    ReturnType<typeof Type.Integer>
  >,
);

export const StatisticsRow = Type.Object({
  key: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  departmentName: Type.String(),
  ...Counts.properties,
});

export const RouteRate = Type.Object({
  holders: Type.Integer({ description: '持证主体数' }),
  inspected: Type.Integer({ description: '其中被双随机抽中检查的主体数' }),
  rate: Type.Union([Type.Number(), Type.Null()], { description: '检查率' }),
});

export const StatisticsReport = Type.Object({
  from: IsoDate,
  to: IsoDate,
  groupBy: StringEnum(['item', 'department'] as const),
  rows: Type.Array(StatisticsRow),
  totals: Counts,
  /**
   * 无差别监管: random-inspection rate of license holders who got their license on commitment vs by the
   * standard procedure; a ratio far from 1 means those who committed are inspected differently.
   */
  nonDiscrimination: Type.Object({
    commitmentRoute: RouteRate,
    standardRoute: RouteRate,
    ratio: Type.Union([Type.Number(), Type.Null()], {
      description: '承诺制持证主体检查率 ÷ 一般程序持证主体检查率',
    }),
  }),
  /** 社会监督: public reports received in the period, by where each stands now. */
  publicReports: ReportStatistics,
  /**
   * How fresh the figures are: days up to `through` come from the roll-up computed at `refreshedAt`,
   * later days are counted live. Open and overdue verifications and repairs are always live.
   */
  rollup: Type.Object({
    through: Type.Union([IsoDate, Type.Null()], { description: '汇总表覆盖到的日期（含）' }),
    refreshedAt: Type.Union([Type.String(), Type.Null()], { description: '汇总表的计算时间' }),
    note: Type.String({ description: '数据时效说明' }),
  }),
});
