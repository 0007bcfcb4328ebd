import { Type } from 'typebox';
import { approvalModes } from './catalog';
import { IsoDate, StringEnum, Uuid } from './common';

/** 信用主体类型 */
export const creditSubjectKinds = ['enterprise', 'individual_business', 'individual'] as const;
export type CreditSubjectKindName = (typeof creditSubjectKinds)[number];
export const creditSubjectKindLabels: Record<CreditSubjectKindName, string> = {
  enterprise: '企业及其他组织',
  individual_business: '个体工商户',
  individual: '自然人',
};

/** 信用记录类别 */
export const creditRecordKinds = [
  'serious_dishonesty_list',
  'blacklist',
  'administrative_penalty',
  'abnormal_operation',
  'false_commitment',
  'broken_commitment',
  'red_list',
  'tax_credit_a',
  'tax_incentive_card',
] as const;
export type CreditRecordKind = (typeof creditRecordKinds)[number];
export const creditRecordKindLabels: Record<CreditRecordKind, string> = {
  serious_dishonesty_list: '严重失信主体名单',
  blacklist: '黑名单',
  administrative_penalty: '行政处罚',
  abnormal_operation: '经营异常名录',
  false_commitment: '虚假承诺',
  broken_commitment: '违诺',
  red_list: '红名单（守信激励）',
  tax_credit_a: '纳税信用A级',
  tax_incentive_card: '纳税信用联合激励卡',
};
/** Kinds that reward: they are never repaired or objected to as dishonesty, and never block. */
export const positiveRecordKinds = [
  'red_list',
  'tax_credit_a',
  'tax_incentive_card',
] as const satisfies readonly CreditRecordKind[];

export const creditSeverities = ['minor', 'general', 'serious'] as const;
export type CreditSeverity = (typeof creditSeverities)[number];
export const creditSeverityLabels: Record<CreditSeverity, string> = {
  minor: '轻微',
  general: '一般',
  serious: '严重',
};

export const creditRecordSources = ['local', 'platform', 'import'] as const;
export type CreditRecordSource = (typeof creditRecordSources)[number];
export const creditRecordSourceLabels: Record<CreditRecordSource, string> = {
  local: '本地信用档案',
  platform: '外部信用平台',
  import: '批量导入',
};

export const creditRecordStatuses = ['active', 'repaired', 'removed'] as const;
export type CreditRecordStatus = (typeof creditRecordStatuses)[number];
export const creditRecordStatusLabels: Record<CreditRecordStatus, string> = {
  active: '有效',
  repaired: '已修复',
  removed: '已撤销',
};

/** What happens to a credit record (credit-record-lifecycle.ts); each is one row of `credit_record_event`. */
export const creditRecordEvents = ['create', 'object', 'correct', 'uphold', 'remove', 'repair'] as const;
export type CreditRecordEvent = (typeof creditRecordEvents)[number];
export const creditRecordEventLabels: Record<CreditRecordEvent, string> = {
  create: '录入',
  object: '提出异议',
  correct: '异议更正',
  uphold: '异议维持原记录',
  remove: '异议删除',
  repair: '信用修复',
};

export const creditOutcomes = ['eligible', 'conditional', 'not_eligible'] as const;
export type CreditOutcome = (typeof creditOutcomes)[number];
/** The one label of each outcome, wherever an outcome is shown (credit checks, applications, web). */
export const creditOutcomeLabels: Record<CreditOutcome, string> = {
  eligible: '适用告知承诺',
  conditional: '有条件适用告知承诺',
  not_eligible: '不适用告知承诺（按一般程序办理）',
};
export const creditIncentives = [
  'green_channel',
  'instant_approval',
  'assisted_service',
  'door_to_door',
] as const;
export const creditIncentiveLabels = {
  green_channel: '绿色通道',
  instant_approval: '信用+秒批',
  assisted_service: '帮办代办',
  door_to_door: '上门服务',
} as const;
export const creditRestrictions = ['key_review'] as const;
export const creditRestrictionLabels = { key_review: '重点审查对象' } as const;

export const breachEvents = [
  'false_commitment',
  'broken_commitment',
  'missing_materials_unsupplied',
] as const;

export const repairStatuses = ['pending', 'approved', 'rejected'] as const;
export const objectionStatuses = ['pending', 'corrected', 'removed', 'upheld'] as const;
export const objectionOutcomes = ['corrected', 'removed', 'upheld'] as const;
export const policyStatuses = ['draft', 'published', 'superseded'] as const;

// ---- request and response schemas ----

export const SubjectInput = Type.Object({
  kind: StringEnum(creditSubjectKinds, '主体类型'),
  code: Type.String({ minLength: 1, maxLength: 40, description: '统一社会信用代码或公民身份号码' }),
  name: Type.String({ minLength: 1, maxLength: 200, description: '名称或姓名' }),
});

export const CreateRecord = Type.Object({
  subject: SubjectInput,
  kind: StringEnum(creditRecordKinds, '记录类别'),
  severity: StringEnum(creditSeverities, '失信程度'),
  authority: Type.String({ minLength: 1, maxLength: 200, description: '认定机关' }),
  decidedOn: IsoDate,
  summary: Type.String({ minLength: 1, maxLength: 2000, description: '事由' }),
  penaltyFulfilled: Type.Optional(Type.Boolean({ description: '行政处罚是否已履行' })),
  validUntil: Type.Optional(IsoDate),
  sourceRef: Type.Optional(Type.String({ maxLength: 200, description: '来源文书号或平台编号' })),
});

export const SubjectView = Type.Object({
  id: Uuid,
  kind: StringEnum(creditSubjectKinds),
  /** USCC in full; a resident ID is masked unless the caller manages credit records. */
  code: Type.String(),
  name: Type.String(),
});

export const RecordView = Type.Object({
  id: Uuid,
  subject: SubjectView,
  kind: StringEnum(creditRecordKinds),
  kindLabel: Type.String(),
  severity: StringEnum(creditSeverities),
  severityLabel: Type.String(),
  authority: Type.String(),
  decidedOn: IsoDate,
  summary: Type.String(),
  penaltyFulfilled: Type.Union([Type.Boolean(), Type.Null()]),
  source: StringEnum(creditRecordSources),
  sourceRef: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(creditRecordStatuses),
  statusLabel: Type.String(),
  underObjection: Type.Boolean(),
  published: Type.Boolean({ description: '当前是否在公示期内且公示' }),
  publicityEnd: Type.Union([IsoDate, Type.Null()]),
  earliestRepairOn: Type.Union([IsoDate, Type.Null()]),
  validUntil: Type.Union([IsoDate, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CreateGrade = Type.Object({
  subject: SubjectInput,
  scale: Type.String({ minLength: 1, maxLength: 40, description: '等级体系：national 或 yangzhou 等' }),
  value: Type.String({ minLength: 1, maxLength: 4 }),
  source: Type.String({ minLength: 1, maxLength: 200, description: '评价来源' }),
  gradedOn: IsoDate,
});

export const Reason = Type.Object({
  rule: Type.String({ description: '命中的规则编号' }),
  effect: Type.Optional(StringEnum(['eligible', 'conditional', 'not_eligible', 'waived'] as const)),
  message: Type.String(),
  recordId: Type.Optional(Type.String()),
  recordKind: Type.Optional(Type.String()),
});

export const SourceQueried = Type.Object({
  source: Type.String(),
  name: Type.String(),
  ok: Type.Boolean(),
  error: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer(),
  recordsFound: Type.Integer(),
  grade: Type.Union([Type.Object({ scale: Type.String(), value: Type.String() }), Type.Null()]),
});

export const CheckView = Type.Object({
  id: Uuid,
  subject: SubjectView,
  applicationId: Type.Union([Type.String(), Type.Null()]),
  itemVersionId: Type.Union([Type.String(), Type.Null()]),
  majorProject: Type.Boolean(),
  checkedAt: Type.String({ format: 'date-time' }),
  checkedBy: Type.Object({
    kind: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
  }),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  sources: Type.Array(SourceQueried),
  records: Type.Array(
    Type.Object({
      id: Type.String(),
      source: Type.String(),
      kind: Type.String(),
      severity: Type.String(),
      authority: Type.String(),
      decidedOn: Type.String(),
      summary: Type.String(),
      status: Type.String(),
      penaltyFulfilled: Type.Union([Type.Boolean(), Type.Null()]),
      underObjection: Type.Boolean(),
      inEffect: Type.Boolean({ description: '核查当日是否有效（未修复、未撤销且在公示期或有效期内）' }),
    }),
  ),
  /** Null for anyone outside the departments handling the case: grades are never shown to the public. */
  grade: Type.Union([Type.Object({ scale: Type.String(), value: Type.String() }), Type.Null()]),
  policy: Type.Object({
    id: Uuid,
    code: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
    basis: Type.String({ description: '规则依据（政策文件条款）' }),
  }),
  outcome: StringEnum(creditOutcomes),
  outcomeLabel: Type.String(),
  allowedModes: Type.Array(StringEnum(approvalModes)),
  reasons: Type.Array(Reason),
  incentives: Type.Array(StringEnum(creditIncentives)),
  restrictions: Type.Array(StringEnum(creditRestrictions)),
});

export const RunCheck = Type.Object({
  subject: SubjectInput,
  itemVersionId: Type.Union([Uuid, Type.Null()]),
  applicationId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  majorProject: Type.Optional(Type.Boolean({ description: '市级及以上重大项目' })),
});

export const CreateRepair = Type.Object({
  recordId: Uuid,
  evidence: Type.String({ minLength: 1, maxLength: 4000, description: '已履行义务、纠正失信行为的证明' }),
  commitment: Type.String({ minLength: 1, maxLength: 4000, description: '信用修复承诺书内容' }),
});
export const RepairView = Type.Object({
  id: Uuid,
  recordId: Uuid,
  status: StringEnum(repairStatuses),
  evidence: Type.String(),
  commitment: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  dueOn: IsoDate,
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
});
export const DecideRepair = Type.Object({
  approve: Type.Boolean(),
  note: Type.String({ minLength: 1, maxLength: 2000 }),
});

export const CreateObjection = Type.Object({
  recordId: Uuid,
  reason: Type.String({ minLength: 1, maxLength: 4000 }),
  evidence: Type.Optional(Type.String({ maxLength: 4000 })),
});
export const ObjectionView = Type.Object({
  id: Uuid,
  recordId: Uuid,
  status: StringEnum(objectionStatuses),
  reason: Type.String(),
  evidence: Type.Union([Type.String(), Type.Null()]),
  raisedAt: Type.String({ format: 'date-time' }),
  dueOn: IsoDate,
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  overdue: Type.Boolean(),
});
export const DecideObjection = Type.Object({
  outcome: StringEnum(objectionOutcomes, '处理结果：更正、删除、维持'),
  note: Type.String({ minLength: 1, maxLength: 2000 }),
  correction: Type.Optional(
    Type.Object({
      severity: Type.Optional(StringEnum(creditSeverities)),
      summary: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
      penaltyFulfilled: Type.Optional(Type.Boolean()),
      decidedOn: Type.Optional(IsoDate),
    }),
  ),
});

export const PolicyView = Type.Object({
  id: Uuid,
  code: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  status: StringEnum(policyStatuses),
  regions: Type.Array(Type.String()),
  definition: Type.Unknown(),
  createdAt: Type.String({ format: 'date-time' }),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const CreatePolicyVersion = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  regions: Type.Array(Type.String({ pattern: '^\\d{6}$' }), { maxItems: 200 }),
  definition: Type.Unknown({ description: '规则集（见 README 信用一节）' }),
});
export const SimulationResult = Type.Object({
  policyVersionId: Uuid,
  baselineVersionId: Type.Union([Uuid, Type.Null()]),
  evaluated: Type.Integer(),
  changed: Type.Integer(),
  changes: Type.Array(
    Type.Object({
      subjectId: Uuid,
      subjectName: Type.String(),
      checkId: Type.Union([Uuid, Type.Null()]),
      before: StringEnum(creditOutcomes),
      after: StringEnum(creditOutcomes),
      reasons: Type.Array(Reason),
    }),
  ),
});

export const importJobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ImportJobStatus = (typeof importJobStatuses)[number];
export const importJobStatusLabels: Record<ImportJobStatus, string> = {
  queued: '排队中',
  running: '导入中',
  succeeded: '已完成',
  failed: '失败',
};
export const importPhases = ['queued', 'reading', 'checking', 'merging', 'done'] as const;
export type ImportPhaseName = (typeof importPhases)[number];
export const importPhaseLabels: Record<ImportPhaseName, string> = {
  queued: '等待开始',
  reading: '读取并逐行校验',
  checking: '检查重复的来源编号',
  merging: '写入信用档案',
  done: '结束',
};

export const ImportProblemView = Type.Object({
  row: Type.Integer({ description: '行号（与表格软件中显示的一致，第1行为列名）' }),
  column: Type.String({ description: '列名' }),
  field: Type.String(),
  message: Type.String(),
});

export const ImportJobView = Type.Object({
  id: Uuid,
  status: StringEnum(importJobStatuses),
  statusLabel: Type.String(),
  phase: StringEnum(importPhases),
  phaseLabel: Type.String(),
  fileName: Type.String(),
  format: StringEnum(['csv', 'xlsx'] as const),
  encoding: Type.Union([Type.String(), Type.Null()], {
    description: 'CSV 的文字编码（UTF-8、GBK/GB18030、UTF-16）',
  }),
  sizeBytes: Type.Integer(),
  bytesRead: Type.Integer(),
  rowsRead: Type.Integer({ description: '已读取的记录行数（不含列名行和空行）' }),
  percent: Type.Integer({ minimum: 0, maximum: 100, description: '按已读字节估计的读取进度' }),
  source: Type.String({ description: '来源（确定来源编号所属的系统）' }),
  skipInvalid: Type.Boolean(),
  result: Type.Union([
    Type.Object({
      rows: Type.Integer(),
      added: Type.Integer({ description: '新增的记录数' }),
      alreadyPresent: Type.Integer({ description: '已存在（此前导入过或文件内重复）而未重复写入的记录数' }),
      subjectsCreated: Type.Integer(),
    }),
    Type.Null(),
  ]),
  problems: Type.Array(ImportProblemView, { description: '前 1000 处问题' }),
  problemCount: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
