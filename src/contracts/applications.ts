import { type Static, Type } from 'typebox';
import { approvalModes } from './catalog';
import { IsoDate, PageQuery, StringEnum, Uuid } from './common';

/** 办件状态: the status column is a cache of the append-only application history. */
export const applicationStatuses = [
  'draft',
  'submitted',
  'accepted',
  'reviewed',
  'missing_materials',
  'reminded',
  'approved',
  'rejected',
  'withdrawn',
  'terminated',
  'revoked',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];
export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  draft: '待提交（已完成信用核查）',
  submitted: '已提交，待受理',
  accepted: '已受理，审查中',
  reviewed: '已审查，待决定',
  missing_materials: '容缺受理，待补正材料',
  reminded: '已催告，待补正材料',
  approved: '已办结（准予许可）',
  rejected: '不予受理或不予许可',
  withdrawn: '已撤回',
  terminated: '已终止（逾期未补正）',
  revoked: '审批决定已撤销（核查发现违诺或虚假承诺）',
};

export const applicationEvents = [
  'create',
  'submit_instant',
  'submit',
  'submit_missing',
  'accept',
  'review',
  'approve',
  'reject',
  'supply',
  'supply_all',
  'supply_all_review',
  'remind',
  'terminate',
  'withdraw',
  'revoke',
] as const;
export type ApplicationEvent = (typeof applicationEvents)[number];
export const applicationEventLabels: Record<ApplicationEvent, string> = {
  create: '开始申请（信用核查）',
  submit_instant: '签署承诺，即审即办',
  submit: '提交申请',
  submit_missing: '容缺受理',
  accept: '受理',
  review: '审查',
  approve: '准予许可',
  reject: '不予受理或不予许可',
  supply: '补正部分材料',
  supply_all: '补齐材料，办结',
  supply_all_review: '补齐材料，转入审查',
  remind: '催告补正',
  terminate: '逾期未补正，终止办理',
  withdraw: '撤回申请',
  revoke: '撤销审批决定和证照',
};

export const materialStates = [
  'provided',
  'committed',
  'shared',
  'in_form',
  'missing',
  'not_provided',
] as const;
export type MaterialState = (typeof materialStates)[number];
export const materialStateLabels: Record<MaterialState, string> = {
  provided: '已提交',
  committed: '以承诺替代',
  shared: '共享获取或电子证照',
  in_form: '已在申请承诺表中填报',
  missing: '容缺待补正',
  not_provided: '未提交（非必要）',
};

/** 延续 extends a license's validity; 变更 changes its content and keeps its validity (15.7). */
export const supersedeKinds = ['renewal', 'change'] as const;
export type SupersedeKind = (typeof supersedeKinds)[number];
export const supersedeKindLabels: Record<SupersedeKind | 'reissue', string> = {
  renewal: '延续',
  change: '变更',
  reissue: '原证照到期后重新申请',
};

export const licenseStatuses = ['valid', 'expired', 'revoked', 'superseded'] as const;
export type LicenseStatus = (typeof licenseStatuses)[number];
export const licenseStatusLabels: Record<LicenseStatus, string> = {
  valid: '有效',
  expired: '已过期',
  revoked: '已撤销',
  superseded: '已被新证照替代',
};

export const SubjectInput = Type.Object({
  kind: StringEnum(['enterprise', 'individual_business', 'individual'] as const, '主体类别'),
  code: Type.String({ minLength: 15, maxLength: 18, description: '统一社会信用代码或公民身份号码' }),
  name: Type.String({ minLength: 2, maxLength: 200, description: '名称或姓名' }),
});
export type SubjectInput = Static<typeof SubjectInput>;

/** 开始申请: the credit check runs here and the notice is shown with its result. */
export const StartApplication = Type.Object({
  itemCode: Type.String({ minLength: 3, maxLength: 40, description: '事项编码' }),
  subject: Type.Optional(SubjectInput),
  authorizationFileId: Type.Optional(Uuid),
  majorProject: Type.Optional(Type.Boolean({ description: '市级及以上重大项目' })),
  legalRepresentative: Type.Optional(
    Type.String({
      minLength: 2,
      maxLength: 50,
      description: '法定代表人（个体工商户为经营者）姓名，企业申请行政许可时用于双公示',
    }),
  ),
  supersedes: Type.Optional(
    Type.Object(
      {
        kind: StringEnum(supersedeKinds, 'renewal 延续 / change 变更'),
        licenseNumber: Type.String({ minLength: 3, maxLength: 40, description: '原证照编号' }),
      },
      { description: '申请延续或变更本主体持有的本事项有效证照；决定准予时原证照即被替代' },
    ),
  ),
});
export type StartApplication = Static<typeof StartApplication>;

export const SubmitApplication = Type.Object({
  mode: StringEnum(approvalModes, '办理模式'),
  /** Files uploaded beforehand, by material name. */
  materials: Type.Array(Type.Object({ name: Type.String({ maxLength: 200 }), fileId: Uuid }), {
    maxItems: 100,
  }),
  /** 容缺: the tolerable materials handed in later. */
  missing: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
  /** 一表即入: the content of the one-form entry, by material name. */
  form: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 4000 }))),
  /** The applicant has read the notice and signs the commitment letter. */
  commit: Type.Boolean({ description: '签署承诺书' }),
  publishCommitment: Type.Optional(Type.Boolean({ description: '同意公示承诺书' })),
  /** Counter applications: the clerk records the applicant's handwritten signature (optional scan). */
  handwritten: Type.Optional(
    Type.Object({
      signerName: Type.String({ minLength: 2, maxLength: 100 }),
      scanFileId: Type.Optional(Uuid),
    }),
  ),
  /**
   * Online: the applicant's SM2 signature (hex r‖s) over the exact text of the commitment draft, made with the
   * key bound to its account (`PUT /api/signing-key`); the platform never holds that key.
   */
  signature: Type.Optional(
    Type.String({ pattern: '^[0-9a-fA-F]{128,144}$', description: '申请人的SM2签名' }),
  ),
  version: Type.Optional(Type.Integer({ description: '办件版本号（并发控制）' })),
});
export type SubmitApplication = Static<typeof SubmitApplication>;

export const ActOnApplication = Type.Object({
  comment: Type.Optional(Type.String({ maxLength: 2000, description: '意见' })),
  version: Type.Optional(Type.Integer({ description: '办件版本号（并发控制）' })),
});
export type ActOnApplication = Static<typeof ActOnApplication>;

export const SupplyMaterials = Type.Object({
  materials: Type.Array(Type.Object({ name: Type.String({ maxLength: 200 }), fileId: Uuid }), {
    minItems: 1,
    maxItems: 100,
  }),
});

export const CreditView = Type.Object({
  checkId: Type.String(),
  outcome: Type.String(),
  outcomeLabel: Type.String(),
  allowedModes: Type.Array(Type.Object({ mode: StringEnum(approvalModes), label: Type.String() })),
  reasons: Type.Array(Type.Object({ rule: Type.String(), message: Type.String() })),
  incentives: Type.Array(Type.String()),
  restrictions: Type.Array(Type.String()),
});

export const MaterialView = Type.Object({
  name: Type.String(),
  state: StringEnum(materialStates),
  stateLabel: Type.String(),
  fileId: Type.Union([Uuid, Type.Null()]),
  dueDate: Type.Union([IsoDate, Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
});

export const MissingView = Type.Object({
  name: Type.String(),
  dueDate: IsoDate,
  finalDueDate: Type.Union([IsoDate, Type.Null()]),
  suppliedAt: Type.Union([Type.String(), Type.Null()]),
});

export const LicenseView = Type.Object({
  id: Uuid,
  number: Type.String({ description: '证照编号' }),
  applicationId: Uuid,
  itemName: Type.String(),
  name: Type.String({ description: '证照名称' }),
  template: StringEnum(['certificate', 'approval_document'] as const, '证照样式'),
  holderName: Type.String(),
  holderCode: Type.String({ description: '持证主体代码（个人为脱敏号码）' }),
  scope: Type.String({ description: '许可范围' }),
  validFrom: IsoDate,
  validUntil: Type.Union([IsoDate, Type.Null()], { description: '有效期至；空为长期有效' }),
  validityLabel: Type.String({ description: '有效期（如“2026-11-23至2031-11-22”或“长期”）' }),
  issuedAt: Type.String(),
  status: StringEnum(licenseStatuses),
  statusLabel: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  supersedes: Type.Union([
    Type.Object({ id: Uuid, kind: Type.String(), kindLabel: Type.String() }),
    Type.Null(),
  ]),
  supersededAt: Type.Union([Type.String(), Type.Null()]),
  supersededById: Type.Union([Uuid, Type.Null()], { description: '替代本证照的新证照' }),
});

export const ApplicationView = Type.Object({
  id: Uuid,
  number: Type.String({ description: '办件编号' }),
  itemCode: Type.String(),
  itemName: Type.String(),
  itemVersionId: Uuid,
  departmentId: Uuid,
  departmentName: Type.String(),
  subjectKind: Type.String(),
  subjectName: Type.String(),
  subjectCode: Type.String({ description: '统一社会信用代码，或脱敏的公民身份号码' }),
  channel: StringEnum(['online', 'counter'] as const),
  agentName: Type.Union([Type.String(), Type.Null()]),
  mode: Type.Union([StringEnum(approvalModes), Type.Null()]),
  modeLabel: Type.Union([Type.String(), Type.Null()]),
  status: StringEnum(applicationStatuses),
  statusLabel: Type.String(),
  version: Type.Integer(),
  greenChannel: Type.Boolean({ description: '绿色通道（优先办理）' }),
  keyReview: Type.Boolean({ description: '重点审查对象（不适用即审即办）' }),
  credit: CreditView,
  materials: Type.Array(MaterialView),
  missing: Type.Array(MissingView),
  legalTimeLimitDays: Type.Integer(),
  legalDeadline: Type.Union([IsoDate, Type.Null()], { description: '法定办结期限' }),
  finalDueDate: Type.Union([IsoDate, Type.Null()], { description: '催告后的最后补正期限' }),
  deadlinesProvisional: Type.Boolean({
    description: '期限涉及尚未公布节假日安排的年份，暂按法定节假日计算；该年安排载入后重新计算并通知',
  }),
  deadlineNote: Type.Union([Type.String(), Type.Null()], { description: '暂按法定节假日计算时的说明' }),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  elapsedSeconds: Type.Union([Type.Integer(), Type.Null()], { description: '实际用时（秒）' }),
  workingDaysTaken: Type.Union([Type.Integer(), Type.Null()], { description: '实际用时（工作日）' }),
  nextStep: Type.String({ description: '下一步' }),
  issuance: Type.Object(
    {
      kind: StringEnum(['license', 'confirmation', 'filing', 'payment', 'other'] as const),
      label: Type.String(),
    },
    { description: '准予时颁发什么：证照，或只作确认、备案、给付等决定' },
  ),
  supersedes: Type.Union(
    [
      Type.Object({
        kind: StringEnum(supersedeKinds),
        kindLabel: Type.String(),
        licenseId: Uuid,
      }),
      Type.Null(),
    ],
    { description: '申请延续或变更的原证照' },
  ),
  license: Type.Union([LicenseView, Type.Null()]),
  createdAt: Type.String(),
});
export type ApplicationView = Static<typeof ApplicationView>;

export const StartResult = Type.Object({
  application: ApplicationView,
  notice: Type.Object({ title: Type.String(), html: Type.String({ description: '告知书（HTML）' }) }),
});

export const HistoryView = Type.Object({
  seq: Type.Integer(),
  event: StringEnum(applicationEvents),
  eventLabel: Type.String(),
  fromStatus: Type.Union([StringEnum(applicationStatuses), Type.Null()]),
  toStatus: StringEnum(applicationStatuses),
  actorName: Type.Union([Type.String(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const CommitmentView = Type.Object({
  id: Uuid,
  applicationId: Uuid,
  text: Type.String({ description: '承诺书全文（签署的确切文本）' }),
  digest: Type.String({ description: 'SM3 摘要' }),
  signatureKind: StringEnum(['electronic', 'handwritten'] as const),
  signature: Type.Union([Type.String(), Type.Null()]),
  publicKey: Type.Union([Type.String(), Type.Null()]),
  algorithm: Type.Union([Type.String(), Type.Null()]),
  signerName: Type.String(),
  recordedBy: Type.Union([Type.String(), Type.Null()], { description: '记录手写签名的窗口人员' }),
  published: Type.Boolean(),
  signedAt: Type.String(),
});

export const SignatureCheck = Type.Object({
  digestMatches: Type.Boolean({ description: '文本与存档摘要一致' }),
  signatureValid: Type.Union([Type.Boolean(), Type.Null()], { description: 'SM2 签名有效（手写签名为空）' }),
  signatureKind: StringEnum(['electronic', 'handwritten'] as const),
  message: Type.String(),
});

export const QueueQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(StringEnum(applicationStatuses)),
});

export const PublicCommitment = Type.Object({
  applicationNumber: Type.String(),
  itemName: Type.String(),
  committerName: Type.String({ description: '承诺主体（个人已脱敏）' }),
  text: Type.String(),
  signedAt: Type.String(),
});

export const FileView = Type.Object({
  id: Uuid,
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  digest: Type.String({ description: 'SM3 内容摘要' }),
});

export const CommitmentDraft = Type.Object({
  text: Type.String({ description: '须签署的承诺书确切文本' }),
  digest: Type.String({ description: 'SM3摘要' }),
  algorithm: Type.String(),
  publicKey: Type.Union([Type.String(), Type.Null()], { description: '本账户已绑定的签名公钥；未设置为空' }),
});

export const SigningKeyInput = Type.Object({
  publicKey: Type.String({ pattern: '^04[0-9a-fA-F]{128}$', description: 'SM2公钥（非压缩，十六进制）' }),
});
export const SigningKeyView = Type.Object({
  publicKey: Type.String(),
  boundAt: Type.String({ format: 'date-time' }),
});
