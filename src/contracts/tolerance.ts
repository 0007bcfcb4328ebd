import { Type } from 'typebox';
import { Page, PageQuery, StringEnum, Uuid } from './common';

/** 容错免责 (义马 section 五): the situations under which an official may be exempted. */
export const toleranceSituations = [
  'innovation',
  'tolerant_acceptance',
  'new_mechanism',
  'deceived',
  'law_at_the_time',
] as const;
export type ToleranceSituation = (typeof toleranceSituations)[number];
export const toleranceSituationLabels: Record<ToleranceSituation, string> = {
  innovation: '（一）出于公心积极创新，对现行规定有所突破，造成一定不良影响但事后及时补正',
  tolerant_acceptance: '（二）着眼提高效率进行容缺受理、容缺审查，出现一定失误或偏差',
  new_mechanism: '（三）探索新机制、新方法、新模式、新技术，因无先例可循或政策界限不明确发生一定偏差',
  deceived: '（四）依法依规工作中受到工作对象诬告、陷害或出现意外情况，未造成严重损失或恶劣影响',
  law_at_the_time: '（五）按照事发当时法律、法规和有关规定，不应追究或应从轻追究责任',
};

export const toleranceOutcomes = ['exempt', 'mitigated', 'not_exempt'] as const;
export type ToleranceOutcome = (typeof toleranceOutcomes)[number];
export const toleranceOutcomeLabels: Record<ToleranceOutcome, string> = {
  exempt: '免责',
  mitigated: '减轻',
  not_exempt: '不予免责',
};

export const ReviewBody = Type.Object({
  situation: Type.Union([StringEnum(toleranceSituations), Type.Null()]),
  outcome: StringEnum(toleranceOutcomes),
  reasons: Type.String({ minLength: 4, maxLength: 4000 }),
});

const Step = Type.Object({
  at: Type.String(),
  action: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  targetType: Type.String(),
  auditId: Type.Integer(),
});

const Check = Type.Object({ rule: Type.String(), followed: Type.Boolean(), detail: Type.String() });

export const ToleranceCase = Type.Object({
  taskId: Uuid,
  applicationNumber: Type.String(),
  itemName: Type.String(),
  itemVersion: Type.Integer(),
  itemVersionId: Uuid,
  policyVersionId: Type.String(),
  subjectName: Type.String(),
  subjectCode: Type.String({ description: '已脱敏' }),
  official: Type.Union([Type.Object({ userId: Uuid, name: Type.String() }), Type.Null()]),
  decision: Type.Union([
    Type.Object({
      outcome: Type.String(),
      instant: Type.Boolean(),
      decidedBy: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Type.String(),
    }),
    Type.Null(),
  ]),
  creditCheck: Type.Object({
    checkId: Type.String(),
    outcome: Type.String(),
    reasons: Type.Array(Type.Object({ rule: Type.String(), message: Type.String() })),
    allowedModes: Type.Array(Type.String()),
  }),
  mode: Type.Union([Type.String(), Type.Null()]),
  commitment: Type.Union([
    Type.Object({ text: Type.String(), digest: Type.String(), signedAt: Type.String() }),
    Type.Null(),
  ]),
  materials: Type.Array(
    Type.Object({
      name: Type.String(),
      state: Type.String(),
      source: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  revocation: Type.Object({
    reason: Type.Union([Type.String(), Type.Null()]),
    at: Type.Union([Type.String(), Type.Null()]),
  }),
  /** Every audited step on the case, in order, as the audit trail holds it. */
  steps: Type.Array(Step),
  /** The application's and the verification's histories, as recorded. */
  history: Type.Array(
    Type.Object({
      at: Type.String(),
      source: Type.String(),
      event: Type.String(),
      actorName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  /** Whether each step the procedure requires was taken, and in order. */
  procedure: Type.Array(Check),
  review: Type.Union([
    Type.Object({
      situation: Type.Union([Type.String(), Type.Null()]),
      situationLabel: Type.Union([Type.String(), Type.Null()]),
      outcome: StringEnum(toleranceOutcomes),
      outcomeLabel: Type.String(),
      reasons: Type.String(),
      reviewerName: Type.Union([Type.String(), Type.Null()]),
      reviewedAt: Type.String(),
    }),
    Type.Null(),
  ]),
});

export const ToleranceCaseSummary = Type.Object({
  taskId: Uuid,
  applicationNumber: Type.String(),
  itemName: Type.String(),
  subjectName: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  official: Type.Union([Type.String(), Type.Null()]),
  reviewed: Type.Boolean(),
  outcomeLabel: Type.Union([Type.String(), Type.Null()]),
});
export const ToleranceCaseQuery = PageQuery;
export const ToleranceCaseList = Page(ToleranceCaseSummary);
