import type { ApprovalMode, VerificationMethod, VerificationPlan } from '../contracts/catalog';
import { commitmentModes } from '../contracts/catalog';
import {
  type VerificationEvent,
  type VerificationReason,
  type VerificationStatus,
  verificationEventLabels,
  verificationStatusLabels,
} from '../contracts/verification';
import { DomainError } from './errors';

/**
 * The verification ladder (000, 001, 004): verify → compliant (closed) | not as committed → rectification
 * within a deadline → re-inspection → closed | revocation; a false commitment goes straight to revocation.
 */
export const transitions: Readonly<
  Record<VerificationStatus, Partial<Record<VerificationEvent, VerificationStatus>>>
> = {
  // A task born of a public report that proves repeated or abusive is ended with a reason (dismiss).
  pending: { assign: 'assigned', dismiss: 'dismissed' },
  assigned: {
    assign: 'assigned',
    // 部门间、地区间协助核查 (004): asking and being answered keep the task where it is; the finding waits.
    request_assistance: 'assigned',
    assistance_answered: 'assigned',
    dismiss: 'dismissed',
    find_compliant: 'closed',
    find_breach: 'rectifying',
    find_false: 'revocation_pending',
  },
  rectifying: { assign: 'rectifying', reinspect_compliant: 'closed', reinspect_failed: 'revocation_pending' },
  // 陈述申辩 comes before any revocation: the party is told the facts, reasons and basis first.
  revocation_pending: { notify_defence: 'defence' },
  defence: {
    state_defence: 'defence',
    waive_defence: 'defence',
    request_hearing: 'hearing',
    revoke: 'revoked',
    // 申辩成立: the department drops the revocation, and the dishonesty record with it.
    accept_defence: 'defence_accepted',
  },
  // A requested hearing holds the revocation until its record is entered.
  hearing: { record_hearing: 'defence' },
  closed: {},
  defence_accepted: {},
  revoked: {},
  dismissed: {},
};

export function nextStatus(from: VerificationStatus, event: VerificationEvent): VerificationStatus {
  const to = transitions[from][event];
  if (!to) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `核查任务状态为“${verificationStatusLabels[from]}”，不能“${verificationEventLabels[event]}”`,
      { from, event },
    );
  }
  return to;
}

/** 先入后验: verified on site within 10 working days unless the item says otherwise (000). */
export const ENTER_THEN_VERIFY_DAYS = 10;
/** Where an item's plan names no deadline for other commitment modes. */
export const DEFAULT_VERIFICATION_DAYS = 20;

export type PlannedVerification =
  | { kind: 'task'; method: VerificationMethod; deadlineDays: number; reason: VerificationReason }
  /** 抽查: whether it is verified is drawn once the decision day's seed is revealed (verification-sampling.ts). */
  | { kind: 'draw'; method: 'sampling'; deadlineDays: number; samplingPercent: number }
  | { kind: 'none'; reason: 'not_commitment' };

/**
 * Which verification a decided commitment gets. The committer's grade picks the intensity from the item's
 * plan (004). Sampling is not decided here: nothing known at decision time may decide it, or an applicant
 * could foresee it (see verification-sampling.ts).
 */
export function planVerification(input: {
  plan: VerificationPlan;
  mode: ApprovalMode;
  grade: string | null;
}): PlannedVerification {
  const { plan, mode } = input;
  if (!(commitmentModes as readonly string[]).includes(mode))
    return { kind: 'none', reason: 'not_commitment' };
  if (mode === 'enter_then_verify') {
    return {
      kind: 'task',
      method: 'on_site',
      deadlineDays: plan.deadlineDays ?? ENTER_THEN_VERIFY_DAYS,
      reason: 'enter_then_verify',
    };
  }
  const letter = input.grade?.trim().charAt(0).toUpperCase() ?? null;
  const byGrade = letter ? plan.byGrade.find((g) => g.grade === letter) : undefined;
  const method = byGrade?.method ?? plan.method;
  const deadlineDays = plan.deadlineDays ?? DEFAULT_VERIFICATION_DAYS;
  if (method !== 'sampling') return { kind: 'task', method, deadlineDays, reason: 'plan' };
  // A sampling plan without a ratio samples everyone rather than no one.
  return { kind: 'draw', method: 'sampling', deadlineDays, samplingPercent: byGrade?.samplingPercent ?? 100 };
}

/** 陈述申辩 period where the credit policy version names none (行政处罚法 practice: five working days). */
export const DEFAULT_DEFENCE_DAYS = 5;

/** Where a 陈述申辩 stands; dates are China dates, instants are what was recorded. */
export type DefenceState = {
  deadline: string;
  statedAt: Date | null;
  waivedAt: Date | null;
  hearingRequestedAt: Date | null;
  hearingRecordedAt: Date | null;
};

/**
 * Why the party may not state (or waive, or ask for a hearing) now, or null. One answer per notice: the
 * party states once (with a hearing request if it has that right) or waives; the period includes its
 * last day.
 */
export function defenceClosedReason(n: DefenceState, today: string): string | null {
  if (n.statedAt) return '已提交陈述申辩意见，不能重复提交';
  if (n.waivedAt) return '已放弃陈述申辩';
  if (today > n.deadline) return `陈述申辩期限已于${n.deadline}届满`;
  return null;
}

/**
 * Why the decision may not be revoked yet, or null. Before the period ends only a party that has
 * stated its case or waived it in writing can be decided on; a requested hearing holds the revocation
 * until the hearing's record is entered.
 */
export function revocationBlockedReason(n: DefenceState, today: string): string | null {
  if (n.hearingRequestedAt && !n.hearingRecordedAt) {
    return '当事人已申请听证，听证笔录登记前不能撤销';
  }
  if (n.statedAt || n.waivedAt || n.hearingRecordedAt) return null;
  if (today <= n.deadline) {
    return `陈述申辩期限至${n.deadline}届满，当事人尚未陈述申辩或书面放弃，期满前不能撤销`;
  }
  return null;
}

/** The revocation must answer what the party said, in a statement or at a hearing. */
export const replyRequired = (n: DefenceState): boolean =>
  n.statedAt !== null || n.hearingRecordedAt !== null;
