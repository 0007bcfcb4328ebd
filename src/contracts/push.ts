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
