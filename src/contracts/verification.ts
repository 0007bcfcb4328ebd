import { Type } from 'typebox';
import { approvalModes, verificationMethods } from './catalog';
import { IsoDate, PageQuery, StringEnum, Uuid } from './common';

/** 事中事后核查 of one commitment, and the ladder that follows a finding (000, 001, 004). */
export const verificationStatuses = [
  'pending',
  'assigned',
  'rectifying',
  'revocation_pending',
  'closed',
  'revoked',
] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];
export const verificationStatusLabels: Record<VerificationStatus, string> = {
  pending: '待分派',
  assigned: '待核查',
  rectifying: '限期整改中',
  revocation_pending: '待撤销审批决定',
  closed: '已办结（符合承诺）',
  revoked: '已撤销审批决定',
};

export const verificationEvents = [
  'create',
  'assign',
  'find_compliant',
  'find_breach',
  'find_false',
  'reinspect_compliant',
  'reinspect_failed',
  'revoke',
] as const;
export type VerificationEvent = (typeof verificationEvents)[number];
export const verificationEventLabels: Record<VerificationEvent, string> = {
  create: '生成核查任务',
  assign: '分派核查人员',
  find_compliant: '核查结果：符合承诺',
  find_breach: '核查结果：与承诺不符，责令限期整改',
  find_false: '核查结果：虚假承诺',
  reinspect_compliant: '复查结果：已整改到位',
  reinspect_failed: '复查结果：逾期未整改或整改不到位',
  revoke: '撤销审批决定和证照',
};

/** Why a task exists: 先入后验 always verifies on site; other modes follow the item's plan. */
export const verificationReasons = ['enter_then_verify', 'plan', 'sampling'] as const;
export type VerificationReason = (typeof verificationReasons)[number];

export const findings = ['compliant', 'breach', 'false_commitment'] as const;
export type Finding = (typeof findings)[number];
export const reinspectionFindings = ['rectified', 'not_rectified'] as const;

export const Evidence = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 1000, description: '证据说明' }),
  /** A photo or document kept by the inspecting system, referred to by its SM3 digest. */
  fileName: Type.Optional(Type.String({ maxLength: 200, description: '附件名称' })),
  sm3: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: '附件SM3摘要' })),
});

export const AssignBody = Type.Object({
  inspectorIds: Type.Array(Uuid, { minItems: 1, maxItems: 5, uniqueItems: true, description: '核查人员' }),
});

export const ResultBody = Type.Object({
  finding: StringEnum(findings, '核查结论：compliant 符合承诺；breach 与承诺不符；false_commitment 虚假承诺'),
  summary: Type.String({ minLength: 1, maxLength: 2000, description: '核查情况' }),
  evidence: Type.Array(Evidence, { minItems: 1, maxItems: 20, description: '证据' }),
  rectificationDays: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 60, description: '整改期限（工作日），与承诺不符时必填' }),
  ),
  rectificationRequirement: Type.Optional(Type.String({ maxLength: 2000, description: '整改要求' })),
});

export const ReinspectBody = Type.Object({
  finding: StringEnum(reinspectionFindings, '复查结论：rectified 已整改到位；not_rectified 未整改'),
  summary: Type.String({ minLength: 1, maxLength: 2000, description: '复查情况' }),
  evidence: Type.Array(Evidence, { minItems: 1, maxItems: 20 }),
});

export const RevokeBody = Type.Object({
  reason: Type.String({ minLength: 4, maxLength: 2000, description: '撤销理由' }),
  referToJudicial: Type.Boolean({ default: false, description: '涉嫌犯罪，移送司法机关' }),
});

export const TaskQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(StringEnum(verificationStatuses)),
  overdue: Type.Optional(Type.Boolean({ description: '只看已逾期未核查的任务' })),
});

export const TaskHistoryEntry = Type.Object({
  event: StringEnum(verificationEvents),
  label: Type.String(),
  fromStatus: Type.Union([StringEnum(verificationStatuses), Type.Null()]),
  toStatus: StringEnum(verificationStatuses),
  actorName: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
  at: Type.String({ format: 'date-time' }),
});

export const VerificationTask = Type.Object({
  id: Uuid,
  applicationId: Type.String(),
  licenseId: Type.Union([Type.String(), Type.Null()]),
  itemVersionId: Uuid,
  itemName: Type.String(),
  mode: StringEnum(approvalModes),
  subjectName: Type.String(),
  /** Masked for individuals (resident ID). */
  subjectCode: Type.String(),
  grade: Type.Union([Type.String(), Type.Null()]),
  method: StringEnum(verificationMethods),
  reason: StringEnum(verificationReasons),
  status: StringEnum(verificationStatuses),
  statusLabel: Type.String(),
  supervisingDepartmentId: Uuid,
  approvingDepartmentId: Uuid,
  inspectorIds: Type.Array(Uuid),
  dueDate: IsoDate,
  overdue: Type.Boolean(),
  rectificationDueDate: Type.Union([IsoDate, Type.Null()]),
  revocationReason: Type.Union([Type.String(), Type.Null()]),
  referredToJudicial: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  version: Type.Integer({ description: '并发控制版本号' }),
});
