import { Type } from 'typebox';
import { approvalModes, verificationMethods } from './catalog';
import { IsoDate, PageQuery, StringEnum, Uuid } from './common';

/** 事中事后核查 of one commitment, and the ladder that follows a finding (000, 001, 004). */
export const verificationStatuses = [
  'pending',
  'assigned',
  'rectifying',
  'revocation_pending',
  'defence',
  'hearing',
  'closed',
  'defence_accepted',
  'revoked',
  'dismissed',
] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];
export const verificationStatusLabels: Record<VerificationStatus, string> = {
  pending: '待分派',
  assigned: '待核查',
  rectifying: '限期整改中',
  revocation_pending: '待撤销审批决定（待告知陈述申辩权利）',
  defence: '陈述申辩期',
  hearing: '待听证',
  closed: '已办结（符合承诺）',
  defence_accepted: '已办结（采纳陈述申辩，不予撤销）',
  revoked: '已撤销审批决定',
  dismissed: '已终止（举报不予核查）',
};

export const verificationEvents = [
  'create',
  'assign',
  'find_compliant',
  'find_breach',
  'find_false',
  'reinspect_compliant',
  'reinspect_failed',
  'notify_defence',
  'state_defence',
  'waive_defence',
  'request_hearing',
  'record_hearing',
  'accept_defence',
  'revoke',
  'request_assistance',
  'assistance_answered',
  'dismiss',
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
  notify_defence: '送达陈述申辩告知书',
  state_defence: '当事人陈述申辩',
  waive_defence: '当事人放弃陈述申辩',
  request_hearing: '当事人申请听证',
  record_hearing: '登记听证笔录',
  accept_defence: '采纳陈述申辩，不予撤销',
  revoke: '撤销审批决定和证照',
  request_assistance: '请求协助核查',
  assistance_answered: '收到协助核查结果',
  dismiss: '举报不予核查，终止任务',
};

/** Why a task exists: 先入后验 always verifies on site; other modes follow the item's plan. */
export const verificationReasons = ['enter_then_verify', 'plan', 'sampling', 'report'] as const;
export type VerificationReason = (typeof verificationReasons)[number];

export const findings = ['compliant', 'breach', 'false_commitment'] as const;
export type Finding = (typeof findings)[number];
export const reinspectionFindings = ['rectified', 'not_rectified'] as const;

export const Evidence = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 1000, description: '证据说明' }),
  /**
   * A photo or PDF the inspector uploaded here (`POST /api/files`): kept with the task, readable by whoever
   * sees the task. Name and digest are then taken from the stored file.
   */
  fileId: Type.Optional(Uuid),
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
  defenceReply: Type.Optional(
    Type.String({
      minLength: 4,
      maxLength: 4000,
      description: '对当事人陈述申辩（及听证）意见的答复：采纳与否及理由；当事人已陈述申辩或经听证的必填',
    }),
  ),
});

/** The department is persuaded by the party: no revocation, no record; the answer says why. */
export const AcceptDefenceBody = Type.Object({
  defenceReply: Type.String({ minLength: 4, maxLength: 4000, description: '采纳陈述申辩意见的理由' }),
});

/** 陈述申辩告知书: what the approving department tells the party before revoking (行政处罚法第四十四、四十五条). */
export const DefenceNoticeBody = Type.Object({
  facts: Type.String({ minLength: 4, maxLength: 4000, description: '认定的事实' }),
  reasons: Type.String({ minLength: 4, maxLength: 4000, description: '拟作出决定的理由' }),
  legalBasis: Type.String({ minLength: 4, maxLength: 4000, description: '法律依据' }),
  hearingRight: Type.Optional(
    Type.Boolean({
      description: '告知当事人有权申请听证；拟记入严重失信记录（或列入黑名单）的总是告知',
    }),
  ),
});

export const DefenceStatementBody = Type.Object({
  statement: Type.String({ minLength: 1, maxLength: 8000, description: '陈述申辩意见' }),
  fileIds: Type.Optional(
    Type.Array(Uuid, { maxItems: 20, uniqueItems: true, description: '证明材料（本人上传的文件）' }),
  ),
  requestHearing: Type.Optional(
    Type.Boolean({ default: false, description: '同时申请听证（告知有听证权利的）' }),
  ),
});

/** A statement handed in on paper or made orally, recorded by the approving department. */
export const RecordedStatementBody = Type.Object({
  statement: Type.String({
    minLength: 1,
    maxLength: 8000,
    description: '陈述申辩意见（书面材料摘录或口头陈述笔录）',
  }),
  channel: StringEnum(['written', 'oral'] as const, '方式：written 书面；oral 口头'),
  requestHearing: Type.Optional(Type.Boolean({ default: false, description: '当事人申请听证' })),
});

export const WaiverBody = Type.Object({
  note: Type.Optional(Type.String({ maxLength: 1000, description: '说明' })),
});

export const HearingRecordBody = Type.Object({
  heldOn: IsoDate,
  host: Type.String({ minLength: 2, maxLength: 100, description: '听证主持人' }),
  participants: Type.String({ minLength: 2, maxLength: 1000, description: '参加人' }),
  summary: Type.String({ minLength: 4, maxLength: 8000, description: '听证笔录要点' }),
});

export const defenceChannels = ['online', 'written', 'oral'] as const;

export const DefenceNoticeView = Type.Object({
  id: Uuid,
  taskId: Uuid,
  applicationId: Type.String(),
  applicationNumber: Type.String({ description: '办件编号' }),
  itemName: Type.String(),
  partyName: Type.String({ description: '当事人' }),
  partyCode: Type.String({ description: '当事人代码（个人为脱敏号码）' }),
  departmentName: Type.String({ description: '告知机关' }),
  facts: Type.String(),
  reasons: Type.String(),
  legalBasis: Type.String(),
  proposedDecision: Type.String({ description: '拟作出的决定' }),
  creditConsequences: Type.Array(
    Type.Object({
      kind: Type.String(),
      kindLabel: Type.String(),
      severity: Type.String(),
      severityLabel: Type.String(),
    }),
    { description: '拟记入的信用记录' },
  ),
  periodDays: Type.Integer({ description: '陈述申辩期限（工作日）' }),
  deadline: IsoDate,
  hearingRight: Type.Boolean({ description: '有权申请听证' }),
  rights: Type.String({ description: '权利告知' }),
  issuedBy: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  statement: Type.Union([Type.String(), Type.Null()]),
  statementChannel: Type.Union([StringEnum(defenceChannels), Type.Null()]),
  statementFileIds: Type.Array(Uuid),
  statedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  waivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  hearingRequestedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  hearing: Type.Union([
    Type.Object({
      heldOn: IsoDate,
      host: Type.String(),
      participants: Type.String(),
      summary: Type.String(),
      recordedBy: Type.String(),
      recordedAt: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
  reply: Type.Union([Type.String(), Type.Null()], { description: '撤销决定对陈述申辩的答复' }),
  repliedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: Type.String({ description: '进展' }),
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
  /** The draw that created a sampled task. */
  drawId: Type.Union([Uuid, Type.Null()]),
});

/** One evidence file kept with a task. */
export const EvidenceFileView = Type.Object({
  fileId: Uuid,
  name: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  digest: Type.String({ description: 'SM3 摘要' }),
  description: Type.String(),
  event: StringEnum(verificationEvents),
  addedBy: Type.Union([Type.String(), Type.Null()]),
  addedAt: Type.String({ format: 'date-time' }),
});

export const samplingDrawStatuses = ['pending', 'sampled', 'not_sampled'] as const;
export type SamplingDrawStatus = (typeof samplingDrawStatuses)[number];
export const samplingDrawStatusLabels: Record<SamplingDrawStatus, string> = {
  pending: '待抽取（当日种子公开后抽取）',
  sampled: '抽中，已生成核查任务',
  not_sampled: '未抽中',
};

export const DrawQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(StringEnum(samplingDrawStatuses, '抽取结果')),
});

export const SamplingDrawView = Type.Object({
  id: Uuid,
  applicationId: Type.String(),
  applicationNumber: Type.String({ description: '办件编号' }),
  itemName: Type.String(),
  subjectName: Type.String(),
  subjectCode: Type.String({ description: '统一社会信用代码，或脱敏的公民身份号码' }),
  grade: Type.Union([Type.String(), Type.Null()]),
  samplingPercent: Type.Integer({ description: '抽查比例（%）' }),
  decidedAt: Type.String({ format: 'date-time', description: '作出决定的时间（抽取输入）' }),
  seedDay: IsoDate,
  algorithm: Type.String(),
  status: StringEnum(samplingDrawStatuses),
  statusLabel: Type.String(),
  digest: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Integer(), Type.Null()]),
  drawnAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  taskId: Type.Union([Uuid, Type.Null()]),
});

export const PublicSeed = Type.Object({
  day: IsoDate,
  seedHash: Type.String({ description: '种子的 SM3，当日开始前公布' }),
  committedAt: Type.String({ format: 'date-time', description: '公布种子哈希的时间' }),
  seed: Type.Union([Type.String(), Type.Null()], { description: '种子，当日结束后公开' }),
  revealedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  draws: Type.Integer({ description: '当日抽取的办件数' }),
  sampled: Type.Integer({ description: '其中抽中数' }),
});

/** Re-running a draw from what is published. */
export const PublicDrawCheck = Type.Object({
  drawId: Uuid,
  algorithm: Type.String(),
  applicationNumber: Type.String(),
  itemName: Type.String(),
  decidedAt: Type.String({ format: 'date-time' }),
  samplingPercent: Type.Integer(),
  seedDay: IsoDate,
  seedHash: Type.String(),
  seedCommittedAt: Type.String({ format: 'date-time' }),
  seed: Type.String(),
  seedMatchesCommitment: Type.Boolean({ description: '公开的种子与事先公布的哈希一致' }),
  committedBeforeDecision: Type.Boolean({ description: '种子哈希在作出决定之前已公布' }),
  digest: Type.String(),
  value: Type.Integer(),
  threshold: Type.Integer({ description: '抽中阈值（value 小于它即抽中）' }),
  sampled: Type.Boolean({ description: '重新计算的结果' }),
  recorded: StringEnum(samplingDrawStatuses),
  matches: Type.Boolean({ description: '重新计算与记录的结果一致' }),
});

/** What an assigned inspector reads of the case it verifies. */
export const CaseView = Type.Object({
  application: Type.Object({
    id: Uuid,
    number: Type.String(),
    itemCode: Type.String(),
    itemName: Type.String(),
    departmentName: Type.String(),
    subjectKind: Type.String(),
    subjectName: Type.String(),
    subjectCode: Type.String(),
    agentName: Type.Union([Type.String(), Type.Null()]),
    mode: Type.Union([StringEnum(approvalModes), Type.Null()]),
    modeLabel: Type.Union([Type.String(), Type.Null()]),
    status: Type.String(),
    statusLabel: Type.String(),
    submittedAt: Type.Union([Type.String(), Type.Null()]),
    materials: Type.Array(
      Type.Object({
        name: Type.String(),
        state: Type.String(),
        stateLabel: Type.String(),
        fileId: Type.Union([Uuid, Type.Null()]),
        fileName: Type.Union([Type.String(), Type.Null()]),
        source: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  }),
  commitment: Type.Union([
    Type.Object({
      text: Type.String({ description: '承诺书全文' }),
      digest: Type.String(),
      signatureKind: Type.String(),
      signerName: Type.String(),
      signedAt: Type.String(),
    }),
    Type.Null(),
  ]),
  decision: Type.Union([
    Type.Object({
      outcome: Type.String(),
      instant: Type.Boolean(),
      reason: Type.Union([Type.String(), Type.Null()]),
      decidedBy: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Type.String(),
    }),
    Type.Null(),
  ]),
  license: Type.Union([
    Type.Object({
      id: Uuid,
      number: Type.String(),
      itemName: Type.String(),
      holderName: Type.String(),
      holderCode: Type.String(),
      scope: Type.String(),
      validFrom: IsoDate,
      validUntil: Type.Union([IsoDate, Type.Null()], { description: '有效期至；空为长期有效' }),
      issuedAt: Type.String(),
      revokedAt: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});
