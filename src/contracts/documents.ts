import { type Static, Type } from 'typebox';
import { IsoDate, StringEnum, Uuid } from './common';

/** 文书: the official documents a case produces, each with its own number (文号). */
export const documentKinds = [
  'acceptance',
  'non_acceptance',
  'commitment',
  'missing_acceptance',
  'correction',
  'reminder',
  'approval',
  'rejection',
  'license',
  'defence_notice',
  'revocation',
  'repair',
] as const;
export type DocumentKind = (typeof documentKinds)[number];

export const documentKindLabels: Record<DocumentKind, string> = {
  acceptance: '受理通知书',
  non_acceptance: '不予受理通知书',
  missing_acceptance: '容缺受理通知书',
  correction: '补正通知书',
  reminder: '催告书',
  approval: '准予行政许可决定书',
  rejection: '不予行政许可决定书',
  license: '证照',
  commitment: '承诺书',
  defence_notice: '陈述申辩告知书',
  revocation: '撤销行政许可决定书',
  repair: '信用修复决定书',
};

/** The word of each kind's series in a number (the 字 of 乌交许准字〔2026〕第12号). */
export const documentKindWords: Record<Exclude<DocumentKind, 'license'>, string> = {
  acceptance: '受字',
  non_acceptance: '不受字',
  missing_acceptance: '容受字',
  correction: '补字',
  reminder: '催字',
  approval: '准字',
  rejection: '不准字',
  commitment: '诺字',
  defence_notice: '告字',
  revocation: '撤字',
  repair: '修字',
};

export const DocumentFormat = Type.Object({
  format: Type.Optional(StringEnum(['pdf', 'html'] as const, '格式，默认 PDF')),
});

export const DocumentView = Type.Object({
  id: Uuid,
  kind: StringEnum(documentKinds, '文书种类'),
  title: Type.String(),
  number: Type.String({ description: '文号（证照为证照编号）' }),
  departmentName: Type.String({ description: '制发机关' }),
  applicationId: Type.Union([Uuid, Type.Null()]),
  repairRequestId: Type.Union([Uuid, Type.Null()]),
  issuedAt: Type.String({ format: 'date-time' }),
  pdfUrl: Type.String(),
  htmlUrl: Type.String(),
  verifyUrl: Type.String({ description: '公开核验地址（文书上的二维码）' }),
});
export type DocumentView = Static<typeof DocumentView>;

export const DocumentListQuery = Type.Object({
  applicationId: Type.Optional(Uuid),
  repairRequestId: Type.Optional(Uuid),
});

export const documentStatuses = ['valid', 'revoked', 'expired', 'superseded'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];
export const documentStatusLabels: Record<DocumentStatus, string> = {
  valid: '有效',
  revoked: '已撤销',
  expired: '已过有效期',
  superseded: '已被新证照替代（延续或变更）',
};

/** What anyone who scans the code learns: the minimum, a person's name masked. */
export const DocumentCheck = Type.Object({
  status: StringEnum(documentStatuses, '状态'),
  statusLabel: Type.String(),
  kind: StringEnum(documentKinds, '文书种类'),
  title: Type.String(),
  number: Type.String(),
  holderName: Type.String({ description: '当事人（自然人姓名脱敏）' }),
  itemName: Type.Union([Type.String(), Type.Null()]),
  issuedBy: Type.String(),
  issuedOn: IsoDate,
  validFrom: Type.Union([IsoDate, Type.Null()]),
  validUntil: Type.Union([IsoDate, Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revocationReason: Type.Union([Type.String(), Type.Null()]),
  checkedAt: Type.String({ format: 'date-time' }),
});
export type DocumentCheck = Static<typeof DocumentCheck>;

export const DocumentSettingsView = Type.Object({
  departmentId: Uuid,
  departmentName: Type.String(),
  numberPattern: Type.String({
    description: '文号格式：{字} 文书种类字，{年} 四位年份，{号} 流水号，例如 乌交许{字}〔{年}〕第{号}号',
  }),
  reviewAuthority: Type.String({ description: '行政复议机关（写入不利决定的救济途径）' }),
  court: Type.String({ description: '行政诉讼的人民法院' }),
  custom: Type.Boolean({ description: '部门已自行设置（否则为默认值）' }),
});

export const DocumentSettingsBody = Type.Object({
  numberPattern: Type.String({ minLength: 5, maxLength: 60 }),
  reviewAuthority: Type.String({ minLength: 2, maxLength: 60 }),
  court: Type.String({ minLength: 2, maxLength: 60 }),
});
export type DocumentSettingsBody = Static<typeof DocumentSettingsBody>;
