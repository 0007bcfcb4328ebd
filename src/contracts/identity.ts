import { type Static, Type } from 'typebox';
import { IsoDate, StringEnum, Uuid } from './common';
import { applicantTypes } from './enums';

export const identityProofs = ['none', 'platform', 'counter'] as const;
export type IdentityProof = (typeof identityProofs)[number];
export const identityProofLabels: Record<IdentityProof, string> = {
  none: '未核验',
  platform: '统一身份认证',
  counter: '窗口核验',
};

export const identityDocumentKinds = ['resident_id_card', 'business_license', 'other'] as const;
export const identityDocumentKindLabels: Record<(typeof identityDocumentKinds)[number], string> = {
  resident_id_card: '居民身份证',
  business_license: '营业执照及法定代表人身份证件',
  other: '其他有效证件',
};

export const IdentityStatus = Type.Object({
  proof: StringEnum(identityProofs),
  proofLabel: Type.String(),
  provenAt: Type.Union([Type.String(), Type.Null()]),
  applicantType: StringEnum(applicantTypes),
  displayName: Type.String(),
  /** USCC, or the masked resident ID. */
  subjectCode: Type.Union([Type.String(), Type.Null()]),
  /** May read the subject's credit file and act in its name. */
  proven: Type.Boolean(),
  message: Type.String(),
});
export type IdentityStatus = Static<typeof IdentityStatus>;

export const ConfirmIdentity = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, description: '申请人账号的用户名' }),
  documentKind: StringEnum(identityDocumentKinds, '查验的证件'),
  code: Type.String({
    minLength: 15,
    maxLength: 18,
    description: '证件上的统一社会信用代码或公民身份号码，须与账号登记的一致',
  }),
  name: Type.Optional(
    Type.String({ minLength: 2, maxLength: 100, description: '证件上的姓名（自然人、代理人必填）' }),
  ),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type ConfirmIdentity = Static<typeof ConfirmIdentity>;

export const IdentityConfirmation = Type.Object({
  userId: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  proof: StringEnum(identityProofs),
  confirmedAt: Type.String(),
});

export const mandateScopes = ['all', 'items'] as const;
export const mandateScopeLabels: Record<(typeof mandateScopes)[number], string> = {
  all: '全部事项',
  items: '指定事项',
};
export const mandateSources = ['online', 'counter'] as const;
export const mandateSourceLabels: Record<(typeof mandateSources)[number], string> = {
  online: '委托人在线授权',
  counter: '窗口核验纸质授权委托书',
};
export const mandateStatuses = ['active', 'revoked', 'expired'] as const;
export const mandateStatusLabels: Record<(typeof mandateStatuses)[number], string> = {
  active: '有效',
  revoked: '已撤销',
  expired: '已过期',
};

const MandateTerms = {
  agentResidentId: Type.String({ minLength: 18, maxLength: 18, description: '受托人（代理人）公民身份号码' }),
  agentName: Type.String({ minLength: 2, maxLength: 50, description: '受托人姓名' }),
  scope: StringEnum(mandateScopes, 'all 全部事项 / items 指定事项'),
  itemCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 50 })),
  expiresOn: IsoDate,
};

export const GrantMandate = Type.Object(MandateTerms);
export type GrantMandate = Static<typeof GrantMandate>;

export const RecordPaperMandate = Type.Object({
  ...MandateTerms,
  principal: Type.Object({
    kind: StringEnum(['enterprise', 'individual_business', 'individual'] as const),
    code: Type.String({ minLength: 15, maxLength: 18 }),
    name: Type.String({ minLength: 2, maxLength: 100 }),
  }),
  documentFileId: Type.Optional(Uuid),
});
export type RecordPaperMandate = Static<typeof RecordPaperMandate>;

export const MandateEvent = Type.Object({
  seq: Type.Integer(),
  event: Type.String(),
  eventLabel: Type.String(),
  actorName: Type.String(),
  comment: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const Mandate = Type.Object({
  id: Uuid,
  number: Type.String(),
  principalKind: Type.String(),
  principalName: Type.String(),
  principalCode: Type.String(),
  agentName: Type.String(),
  agentIdMasked: Type.String(),
  scope: StringEnum(mandateScopes),
  scopeLabel: Type.String(),
  itemCodes: Type.Array(Type.String()),
  expiresOn: Type.String(),
  source: StringEnum(mandateSources),
  sourceLabel: Type.String(),
  status: StringEnum(mandateStatuses),
  statusLabel: Type.String(),
  version: Type.Integer(),
  createdAt: Type.String(),
  history: Type.Array(MandateEvent),
});
export type Mandate = Static<typeof Mandate>;

export const MandateList = Type.Object({
  granted: Type.Array(Mandate, { description: '本人（本单位）授予他人的委托' }),
  received: Type.Array(Mandate, { description: '他人授予本人的委托' }),
});
