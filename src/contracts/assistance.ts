import { Type } from 'typebox';
import { IsoDate, Page, PageQuery, StringEnum, Uuid } from './common';

/** 部门间、地区间协助核查 (004). */
export const assistanceStatuses = ['open', 'answered'] as const;
export type AssistanceStatus = (typeof assistanceStatuses)[number];
export const assistanceStatusLabels: Record<AssistanceStatus, string> = {
  open: '待协助',
  answered: '已答复',
};

export const assistanceFindings = ['confirmed', 'not_confirmed', 'unable'] as const;
export type AssistanceFinding = (typeof assistanceFindings)[number];
export const assistanceFindingLabels: Record<AssistanceFinding, string> = {
  confirmed: '经核实，与承诺一致',
  not_confirmed: '经核实，与承诺不符',
  unable: '无法核实',
};

export const AssistanceRequestBody = Type.Object({
  helperDepartmentId: Uuid,
  question: Type.String({ minLength: 2, maxLength: 2000, description: '需协助核实的事项' }),
  workingDays: Type.Integer({ minimum: 1, maximum: 60, description: '协助期限（工作日）' }),
});

export const AssistanceAnswerBody = Type.Object({
  finding: StringEnum(assistanceFindings),
  answer: Type.String({ minLength: 2, maxLength: 4000, description: '核实情况' }),
  /** Files the answering person uploaded (`POST /api/files`). */
  evidenceFileIds: Type.Array(Uuid, { maxItems: 10, uniqueItems: true, default: [] }),
});

export const AssistanceView = Type.Object({
  id: Uuid,
  taskId: Uuid,
  /** incoming: the caller's department is asked to help; outgoing: it asked. */
  direction: StringEnum(['incoming', 'outgoing'] as const),
  requestingDepartmentName: Type.String(),
  helperDepartmentName: Type.String(),
  channel: StringEnum(['internal', 'push'] as const),
  question: Type.String(),
  workingDays: Type.Integer(),
  dueDate: IsoDate,
  status: StringEnum(assistanceStatuses),
  statusLabel: Type.String(),
  requestedBy: Type.Union([Type.String(), Type.Null()]),
  finding: Type.Union([StringEnum(assistanceFindings), Type.Null()]),
  findingLabel: Type.Union([Type.String(), Type.Null()]),
  answer: Type.Union([Type.String(), Type.Null()]),
  evidenceFileIds: Type.Array(Uuid),
  answeredBy: Type.Union([Type.String(), Type.Null()]),
  answeredAt: Type.Union([Type.String(), Type.Null()]),
  chasedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  /** The subject the task verifies (名称；个人证件号已脱敏), for the helper to know what to look at. */
  subjectName: Type.String(),
  subjectCode: Type.String(),
});

export const AssistanceQuery = Type.Object({
  taskId: Type.Optional(Uuid),
  direction: Type.Optional(
    StringEnum(['incoming', 'outgoing'] as const, 'incoming 请本部门协助的；outgoing 本部门请求的'),
  ),
  ...PageQuery.properties,
});

export const AssistanceList = Page(AssistanceView);
