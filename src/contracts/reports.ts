import { Type } from 'typebox';
import { IsoDate, StringEnum, Uuid } from './common';

/** 社会监督: public reports of suspected false commitments. */
export const reportStates = ['verifying', 'substantiated', 'unsubstantiated', 'closed'] as const;
export type ReportState = (typeof reportStates)[number];
export const reportStateLabels: Record<ReportState, string> = {
  verifying: '核查中',
  substantiated: '经核查，举报情况属实，已依法处理',
  unsubstantiated: '经核查，未发现承诺不实',
  closed: '不予核查，已办结',
};

export const ReportEvidence = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** The file (PDF, JPEG or PNG, at most 10 MB), base64-encoded. */
  contentBase64: Type.String({ minLength: 4, maxLength: 14_000_000 }),
});

export const ReportBody = Type.Object({
  /** 办件编号 of a published commitment, or 证照编号 of a license. */
  reference: Type.String({ minLength: 4, maxLength: 64, description: '办件编号或证照编号' }),
  content: Type.String({ minLength: 10, maxLength: 4000, description: '举报内容' }),
  contact: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String({ maxLength: 50 })),
      phone: Type.Optional(Type.String({ maxLength: 30 })),
      email: Type.Optional(Type.String({ maxLength: 100 })),
    }),
  ),
  evidence: Type.Array(ReportEvidence, { maxItems: 5, default: [] }),
});

export const ReportReceipt = Type.Object({
  receiptNumber: Type.String({ description: '举报受理回执号（凭此查询办理进度）' }),
  dueDate: IsoDate,
});

/** What the reporter may learn: never the subject's name or code, nor anything about other reports. */
export const ReportTrack = Type.Object({
  receiptNumber: Type.String(),
  itemName: Type.String(),
  submittedAt: Type.String(),
  dueDate: IsoDate,
  state: StringEnum(reportStates),
  stateLabel: Type.String(),
  closedReason: Type.Union([Type.String(), Type.Null()]),
});

export const ReportView = Type.Object({
  id: Uuid,
  receiptNumber: Type.String(),
  applicationNumber: Type.String(),
  itemName: Type.String(),
  subjectName: Type.String(),
  taskId: Uuid,
  content: Type.String(),
  contact: Type.Union([
    Type.Object({
      name: Type.Union([Type.String(), Type.Null()]),
      phone: Type.Union([Type.String(), Type.Null()]),
      email: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  evidenceFileIds: Type.Array(Uuid),
  dueDate: IsoDate,
  state: StringEnum(reportStates),
  stateLabel: Type.String(),
  closedReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const ReportList = Type.Object({ items: Type.Array(ReportView) });

export const CloseReportBody = Type.Object({
  reason: Type.String({
    minLength: 4,
    maxLength: 1000,
    description: '不予核查的理由（重复举报、恶意举报等）',
  }),
});

export const ReportStatistics = Type.Object({
  total: Type.Integer(),
  byState: Type.Array(
    Type.Object({ state: StringEnum(reportStates), label: Type.String(), count: Type.Integer() }),
  ),
});
