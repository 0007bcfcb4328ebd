import { Type } from 'typebox';
import { IsoDate, StringEnum, Uuid } from './common';

export const inspectionSubjectKinds = ['enterprise', 'individual_business', 'individual'] as const;
export const inspectionSubjectKindLabels = {
  enterprise: '法人及非法人组织',
  individual_business: '个体工商户',
  individual: '自然人',
} as const;

export const inspectionOutcomes = [
  'compliant',
  'non_compliant',
  'rectification_ordered',
  'not_found',
] as const;
export const inspectionOutcomeLabels = {
  compliant: '未发现问题',
  non_compliant: '发现问题，依法处理',
  rectification_ordered: '责令限期整改',
  not_found: '未发现检查对象（通过登记的住所无法联系）',
} as const;

const Grade = Type.String({ minLength: 1, maxLength: 8, description: '信用等级，如 A、B、C、D、E' });

export const PlanCandidate = Type.Object(
  {
    kind: StringEnum(inspectionSubjectKinds, '主体类别'),
    code: Type.String({ minLength: 1, maxLength: 18, description: '统一社会信用代码；自然人为公民身份号码' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    grade: Grade,
  },
  { additionalProperties: false },
);

export const CreatePlan = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: '抽查计划名称' }),
    scope: Type.Object(
      {
        description: Type.String({ minLength: 1, maxLength: 2000, description: '抽查范围与事项' }),
        itemCodes: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 })),
        subjectKinds: Type.Optional(Type.Array(StringEnum(inspectionSubjectKinds), { uniqueItems: true })),
      },
      { additionalProperties: false },
    ),
    ratios: Type.Record(Grade, Type.Number({ minimum: 0, maximum: 100 }), {
      description: '各信用等级的抽查比例（百分数，最多两位小数），按比例向上取整',
    }),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    inspectorsPerInspection: Type.Integer({ minimum: 2, maximum: 10, default: 2 }),
    candidates: Type.Array(PlanCandidate, {
      default: [],
      maxItems: 50_000,
      description:
        '检查对象名录；不填则取抽查范围内事项（未列事项时为本部门监管的全部事项）的有效证照持有人，信用等级取其最近一次信用核查结果',
    }),
    inspectorIds: Type.Optional(
      Type.Array(Uuid, { uniqueItems: true, description: '检查人员名录；不填为本部门全部在岗执法检查人员' }),
    ),
    conflicts: Type.Array(
      Type.Object(
        {
          inspectorId: Uuid,
          subjectCode: Type.String({ minLength: 1 }),
          reason: Type.String({ minLength: 1 }),
        },
        { additionalProperties: false },
      ),
      { default: [], description: '申报的利益冲突：该检查人员不得检查该对象' },
    ),
  },
  { additionalProperties: false },
);

export const DrawBody = Type.Object(
  {
    reason: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1000, description: '重新抽取的理由（重抽时必填）' }),
    ),
  },
  { additionalProperties: false },
);

export const RecordResult = Type.Object(
  {
    outcome: StringEnum(inspectionOutcomes, '检查结果'),
    summary: Type.String({ minLength: 1, maxLength: 5000, description: '检查情况' }),
    inspectedOn: IsoDate,
  },
  { additionalProperties: false },
);

const Selection = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  subjectKind: Type.String(),
  subjectCode: Type.String({ description: '公开时自然人身份号码已脱敏' }),
  subjectName: Type.String(),
  grade: Type.String(),
  commitment: Type.Union([Type.String(), Type.Null()], { description: '该对象在名录中的承诺值' }),
  inspectors: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  outcome: Type.Union([StringEnum(inspectionOutcomes), Type.Null()]),
  outcomeLabel: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Union([Type.String(), Type.Null()]),
  inspectedOn: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
});

export const Draw = Type.Object({
  id: Uuid,
  round: Type.Integer(),
  current: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  algorithm: Type.String(),
  seed: Type.String({ description: '随机种子（抽取时公开）' }),
  seedHash: Type.String({ description: '抽取前公布的种子 SM3' }),
  subjectListHash: Type.Union([Type.String(), Type.Null()], {
    description: '检查对象名录哈希；旧算法（v1）对含自然人的名录不再公开（它可用于推算脱敏的身份号码）',
  }),
  inspectorListHash: Type.String(),
  strata: Type.Array(
    Type.Object({
      grade: Type.String(),
      candidates: Type.Integer(),
      ratioBp: Type.Integer(),
      selected: Type.Integer(),
    }),
  ),
  drawnOn: Type.String(),
  drawnAt: Type.String(),
  publishDeadline: Type.String({ description: '结果公示期限（抽取之日起20个工作日）' }),
  unpublished: Type.Integer(),
  overdue: Type.Boolean(),
  selections: Type.Array(Selection),
});

export const Plan = Type.Object({
  id: Uuid,
  departmentId: Uuid,
  departmentName: Type.String(),
  name: Type.String(),
  scope: Type.Unknown(),
  ratios: Type.Record(Type.String(), Type.Number(), { description: '百分数' }),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  inspectorsPerInspection: Type.Integer(),
  status: Type.String(),
  nextSeedHash: Type.String({ description: '下一次抽取所用种子的 SM3，抽取前即公布' }),
  candidates: Type.Array(
    Type.Object({
      ...PlanCandidate.properties,
      commitment: Type.Union([Type.String(), Type.Null()], {
        description: '承诺值 SM3(`E|盐值|代码|信用等级`)：抽取按承诺值进行，重新抽取只需承诺值和信用等级',
      }),
      salt: Type.Union([Type.String(), Type.Null()], {
        description:
          '盐值；代码公开的主体随名录公布，自然人的盐值只提供给本人（GET /api/inspections/my-entries）',
      }),
    }),
  ),
  inspectors: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  conflicts: Type.Array(
    Type.Object({
      inspectorId: Uuid,
      subjectCode: Type.String(),
      commitment: Type.Union([Type.String(), Type.Null()]),
      reason: Type.String(),
    }),
  ),
  createdAt: Type.String(),
  draws: Type.Array(Draw),
});

/**
 * What the public sees of a plan: a declared conflict without its reason (often a relative or a former
 * employer). Inspector ids stay: they are part of the published inspector list hash and of each
 * assignment, which anyone must be able to recompute (`npm run draw:verify`).
 */
export const PublicPlan = Type.Object({
  ...Plan.properties,
  conflicts: Type.Array(
    Type.Object({
      inspectorId: Uuid,
      subjectCode: Type.String(),
      commitment: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const PlanSummary = Type.Object({
  id: Uuid,
  departmentName: Type.String(),
  name: Type.String(),
  periodStart: Type.String(),
  periodEnd: Type.String(),
  status: Type.String(),
  candidates: Type.Integer(),
  createdAt: Type.String(),
});

export const VerifyDrawResult = Type.Object({
  matches: Type.Boolean({ description: '按公布的输入重新抽取，结果与公布的一致' }),
  algorithm: Type.String(),
  seedMatchesCommitment: Type.Boolean(),
  subjectListHash: Type.Union([Type.String(), Type.Null()], {
    description: '旧算法（v1）对含自然人的名录不公开',
  }),
  inspectorListHash: Type.String(),
  problems: Type.Array(Type.String()),
});

/** A subject's own entry in a plan's published list: what it needs to confirm that entry itself. */
export const MyDrawEntry = Type.Object({
  planId: Uuid,
  planName: Type.String(),
  departmentName: Type.String(),
  subjectKind: Type.String(),
  subjectCode: Type.String({ description: '本人（本企业）的代码' }),
  grade: Type.String(),
  salt: Type.String({ description: '盐值（128位，十六进制）：只提供给本人' }),
  commitment: Type.String({ description: 'SM3(`E|盐值|代码|信用等级`)，应出现在公开的名录中' }),
  draws: Type.Array(
    Type.Object({
      drawId: Uuid,
      round: Type.Integer(),
      current: Type.Boolean(),
      algorithm: Type.String(),
      selected: Type.Boolean({ description: '本次抽取是否抽中' }),
    }),
  ),
});
