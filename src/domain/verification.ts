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
  pending: { assign: 'assigned' },
  assigned: {
    assign: 'assigned',
    find_compliant: 'closed',
    find_breach: 'rectifying',
    find_false: 'revocation_pending',
  },
  rectifying: { assign: 'rectifying', reinspect_compliant: 'closed', reinspect_failed: 'revocation_pending' },
  revocation_pending: { revoke: 'revoked' },
  closed: {},
  revoked: {},
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
  | { selected: true; method: VerificationMethod; deadlineDays: number; reason: VerificationReason }
  | { selected: false; reason: 'not_commitment' | 'not_sampled'; samplingPercent?: number };

/**
 * Which verification a decided commitment gets. The committer's grade picks the intensity from the item's
 * plan (004); sampling is decided from a digest of the application id so the choice is reproducible and
 * cannot be steered by the clerk.
 */
export function planVerification(input: {
  plan: VerificationPlan;
  mode: ApprovalMode;
  grade: string | null;
  /** Hex digest (e.g. SM3) of the application id. */
  sampleDigest: string;
}): PlannedVerification {
  const { plan, mode } = input;
  if (!(commitmentModes as readonly string[]).includes(mode))
    return { selected: false, reason: 'not_commitment' };
  if (mode === 'enter_then_verify') {
    return {
      selected: true,
      method: 'on_site',
      deadlineDays: plan.deadlineDays ?? ENTER_THEN_VERIFY_DAYS,
      reason: 'enter_then_verify',
    };
  }
  const letter = input.grade?.trim().charAt(0).toUpperCase() ?? null;
  const byGrade = letter ? plan.byGrade.find((g) => g.grade === letter) : undefined;
  const method = byGrade?.method ?? plan.method;
  const deadlineDays = plan.deadlineDays ?? DEFAULT_VERIFICATION_DAYS;
  if (method !== 'sampling') return { selected: true, method, deadlineDays, reason: 'plan' };
  // A sampling plan without a ratio samples everyone rather than no one.
  const percent = byGrade?.samplingPercent ?? 100;
  const draw = Number.parseInt(input.sampleDigest.slice(0, 8), 16) % 100;
  return draw < percent
    ? { selected: true, method: 'sampling', deadlineDays, reason: 'sampling' }
    : { selected: false, reason: 'not_sampled', samplingPercent: percent };
}
