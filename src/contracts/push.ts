import { Type } from 'typebox';
import { IsoDate, MAX_PAGE, StringEnum, Uuid } from './common';

export const pushTopics = [
  'commitment',
  'license',
  'decision',
  'verification',
  'revocation',
  'credit_record',
  'inspection_result',
  'audit_checkpoint',
  'assistance',
] as const;
export type PushTopic = (typeof pushTopics)[number];
export const pushTopicLabels: Record<PushTopic, string> = {
  commitment: '信用承诺',
  license: '行政许可（双公示）',
  decision: '审批决定',
  verification: '核查结果',
  revocation: '撤销决定',
  credit_record: '信用记录变更',
  inspection_result: '双随机抽查结果',
  audit_checkpoint: '审计日志检查点（SM2签名的链头）',
  assistance: '协助核查请求（部门间、地区间）',
};

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;
export const deliveryStatusLabels = {
  pending: '待推送',
  delivered: '已送达',
  dead: '死信（已停止重试）',
} as const;

export const inboundOutcomes = [
  'compliant',
  'non_compliant',
  'rectification_ordered',
  'not_verifiable',
] as const;
export const inboundOutcomeLabels = {
  compliant: '符合承诺',
  non_compliant: '不符合承诺',
  rectification_ordered: '责令限期整改',
  not_verifiable: '无法核查',
} as const;

const HttpUrl = Type.String({
  pattern: '^https?://',
  maxLength: 2000,
  description: '接收地址（http 或 https）',
});

/** 6-digit 行政区划代码 (GB/T 2260): the first digit is a region group, never 0. */
const RegionCodes = Type.Array(Type.String({ pattern: '^[1-9][0-9]{5}$', description: '6位行政区划代码' }), {
  maxItems: 100,
  uniqueItems: true,
  description: '接收哪些地区的消息（以00结尾的代码含其下级地区）；为空则只收订阅部门所在地区的消息',
});

const DepartmentIds = Type.Array(Uuid, {
  maxItems: 100,
  uniqueItems: true,
  description: '只接收涉及这些部门的消息；为空则不限部门',
});

export const CreateSubscription = Type.Object(
  {
    systemName: Type.String({ minLength: 1, maxLength: 100, description: '接收系统名称' }),
    departmentId: Uuid,
    url: HttpUrl,
    topics: Type.Array(StringEnum(pushTopics), {
      minItems: 1,
      uniqueItems: true,
      description: '订阅的消息类别',
    }),
    regionCodes: Type.Optional(RegionCodes),
    departmentIds: Type.Optional(DepartmentIds),
    secret: Type.Optional(
      Type.String({ minLength: 32, maxLength: 200, description: '签名密钥（HMAC-SM3）；不填则由系统生成' }),
    ),
  },
  { additionalProperties: false },
);

export const UpdateSubscription = Type.Object(
  {
    systemName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    url: Type.Optional(HttpUrl),
    topics: Type.Optional(Type.Array(StringEnum(pushTopics), { minItems: 1, uniqueItems: true })),
    regionCodes: Type.Optional(RegionCodes),
    departmentIds: Type.Optional(DepartmentIds),
    active: Type.Optional(Type.Boolean({ description: '停用后不再推送，已积压的消息保留' })),
    rotateSecret: Type.Optional(Type.Boolean({ description: '生成新的签名密钥（只显示一次）' })),
  },
  { additionalProperties: false },
);

export const Subscription = Type.Object({
  id: Uuid,
  systemName: Type.String(),
  departmentId: Uuid,
  departmentName: Type.String(),
  url: Type.String(),
  topics: Type.Array(Type.String()),
  regionCodes: Type.Array(Type.String(), { description: '接收的地区；为空即订阅部门所在地区' }),
  departmentIds: Type.Array(Uuid, { description: '只收涉及这些部门的消息；为空即不限' }),
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  pending: Type.Integer({ description: '待推送条数' }),
  dead: Type.Integer({ description: '死信条数' }),
});

export const SubscriptionWithSecret = Type.Object({
  ...Subscription.properties,
  secret: Type.Union([Type.String(), Type.Null()], { description: '签名密钥，仅在创建或更换时返回一次' }),
});

/** Classes of personal data a subscription may be granted in clear (ADR 0019); without a grant, masked. */
export const pushDataClasses = ['resident_id'] as const;
export type PushDataClass = (typeof pushDataClasses)[number];
export const pushDataClassLabels: Record<PushDataClass, string> = {
  resident_id: '公民身份号码（明文）',
};

export const GrantDataClassBody = Type.Object(
  {
    dataClass: StringEnum(pushDataClasses, '授予明文推送的个人信息类别'),
    legalBasis: Type.String({
      maxLength: 2000,
      description: '法律依据：法律、行政法规的名称和条款（必填）',
    }),
  },
  { additionalProperties: false },
);

export const RevokeDataClassBody = Type.Object(
  { reason: Type.String({ maxLength: 2000, description: '撤销理由（必填）' }) },
  { additionalProperties: false },
);

export const DataGrant = Type.Object({
  id: Uuid,
  subscriptionId: Uuid,
  dataClass: StringEnum(pushDataClasses),
  dataClassLabel: Type.String(),
  legalBasis: Type.String({ description: '法律依据' }),
  grantedBy: Uuid,
  grantedByName: Type.String(),
  grantedAt: Type.String(),
  active: Type.Boolean({ description: '尚未撤销' }),
  revokedBy: Type.Union([Uuid, Type.Null()]),
  revokedByName: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  revokeReason: Type.Union([Type.String(), Type.Null()]),
});

export const Delivery = Type.Object({
  id: Type.Integer(),
  subscriptionId: Uuid,
  systemName: Type.String(),
  messageSeq: Type.Integer(),
  idempotencyKey: Type.String(),
  topic: Type.String(),
  aggregateId: Type.String(),
  status: StringEnum(deliveryStatuses),
  statusLabel: Type.String(),
  attempts: Type.Integer(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  deadAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const DeliveryQuery = Type.Object({
  subscriptionId: Type.Optional(Uuid),
  status: Type.Optional(StringEnum(deliveryStatuses)),
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});

export const Attempt = Type.Object({
  attempt: Type.Integer({ description: '第几次尝试' }),
  at: Type.String({ description: '尝试时间' }),
  statusCode: Type.Union([Type.Integer(), Type.Null()], { description: '接收方 HTTP 状态码，未连通为空' }),
  error: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer({ description: '耗时（毫秒）' }),
});

export const InboundResultBody = Type.Object(
  {
    senderKey: Type.String({
      minLength: 1,
      maxLength: 200,
      description: '发送方的幂等键：重复提交同一键只记录一次',
    }),
    commitmentCode: Type.Optional(Type.String({ pattern: '^\\d{20}$', description: '承诺编码（20位）' })),
    taskId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '核查任务编号' })),
    outcome: StringEnum(inboundOutcomes, '核查结论'),
    verifiedOn: IsoDate,
    findings: Type.String({ minLength: 1, maxLength: 5000, description: '核查情况' }),
  },
  { additionalProperties: false },
);

export const InboundResult = Type.Object({
  id: Uuid,
  duplicate: Type.Boolean({ description: '此前已收到同一幂等键的同一结果' }),
  departmentId: Uuid,
  senderKey: Type.String(),
  commitmentCode: Type.Union([Type.String(), Type.Null()]),
  taskId: Type.Union([Type.String(), Type.Null()]),
  outcome: StringEnum(inboundOutcomes),
  outcomeLabel: Type.String(),
  verifiedOn: Type.String(),
  findings: Type.String(),
  status: Type.String(),
  receivedAt: Type.String(),
});
