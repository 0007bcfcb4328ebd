import { type Static, Type } from 'typebox';
import { approvalModes } from './catalog';
import { StringEnum } from './common';
import { creditIncentives, creditRecordKinds, creditRestrictions, creditSeverities } from './credit';

/**
 * An eligibility policy (准入规则) as data: one engine (src/domain/credit-policy.ts) evaluates every
 * jurisdiction's rule set, so a place's rules change by publishing a new version, never by code.
 */
const RuleId = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z][a-z0-9_]*$' });
const Effect = StringEnum(['not_eligible', 'conditional'] as const, '规则命中时的结果');

export const RecordMatch = Type.Object({
  kinds: Type.Array(StringEnum(creditRecordKinds), { minItems: 1 }),
  severities: Type.Optional(Type.Array(StringEnum(creditSeverities), { minItems: 1 })),
  /** Only penalties whose obligations are (true) or are not (false) fulfilled. */
  penaltyFulfilled: Type.Optional(Type.Boolean()),
});

export const PolicyRule = Type.Union([
  Type.Object({
    id: RuleId,
    type: Type.Literal('record'),
    match: RecordMatch,
    effect: Effect,
    message: Type.String({ minLength: 1 }),
  }),
  Type.Object({
    id: RuleId,
    type: Type.Literal('grade'),
    values: Type.Array(Type.String({ minLength: 1, maxLength: 4 }), { minItems: 1 }),
    effect: Effect,
    message: Type.String({ minLength: 1 }),
  }),
  Type.Object({
    id: RuleId,
    type: Type.Literal('grade_missing'),
    effect: Effect,
    message: Type.String({ minLength: 1 }),
  }),
]);

export const PolicyWaiver = Type.Object({
  id: RuleId,
  when: Type.Union([Type.Object({ majorProject: Type.Literal(true) }), Type.Object({ holds: RecordMatch })]),
  /** Rule ids that no longer apply when the condition holds. */
  waives: Type.Array(RuleId),
  /** Raises the starting outcome (e.g. 直接适用 for major projects). */
  baseline: Type.Optional(StringEnum(['eligible', 'conditional'] as const)),
  message: Type.String({ minLength: 1 }),
});

export const OutcomeSpec = Type.Object({
  modes: Type.Array(StringEnum(approvalModes)),
  incentives: Type.Array(StringEnum(creditIncentives)),
  restrictions: Type.Array(StringEnum(creditRestrictions)),
});

export const BreachConsequence = Type.Object({
  kind: StringEnum(creditRecordKinds),
  /** `by_impact`: graded by the social impact stated with the event (004), general when none is given. */
  severity: Type.Union([StringEnum(creditSeverities), Type.Literal('by_impact')]),
  summary: Type.String({ minLength: 1 }),
});

export const PolicyDefinition = Type.Object({
  /** Where the rules come from, quoted for the reader of a check. */
  basis: Type.String({ minLength: 1 }),
  gradeScale: Type.Object({
    code: Type.String({ minLength: 1, maxLength: 40 }),
    /** Best first. */
    values: Type.Array(Type.String({ minLength: 1, maxLength: 4 }), { minItems: 2 }),
  }),
  /** The outcome when no rule fires. */
  baseline: StringEnum(['eligible', 'conditional'] as const),
  rules: Type.Array(PolicyRule),
  waivers: Type.Array(PolicyWaiver),
  outcomes: Type.Object({ eligible: OutcomeSpec, conditional: OutcomeSpec, not_eligible: OutcomeSpec }),
  /** What each breach event leaves in the credit file. */
  breach: Type.Object({
    false_commitment: Type.Array(BreachConsequence),
    broken_commitment: Type.Array(BreachConsequence),
    missing_materials_unsupplied: Type.Array(BreachConsequence),
  }),
  /** 陈述申辩 period before a revocation or a dishonesty record, in working days; 5 when not set. */
  defenceDays: Type.Optional(
    Type.Integer({ minimum: 3, maximum: 30, description: '陈述申辩期限（工作日），默认5' }),
  ),
});
export type PolicyDefinition = Static<typeof PolicyDefinition>;
export type PolicyRule = Static<typeof PolicyRule>;
export type RecordMatch = Static<typeof RecordMatch>;
