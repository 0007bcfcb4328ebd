import type { ApprovalMode } from '../../../contracts/catalog';
import type { VersionRow } from '../catalog/repository';
import type { PlatformAnswers } from './sources';

/**
 * What the rest of the system asks of credit: the recorded check that opens every application, and
 * the dishonesty records a breach leaves behind. Implemented in ./perform-credit-check.ts and ./record-breach.ts.
 */
export type CreditSubjectKind = 'enterprise' | 'individual_business' | 'individual';

export type SubjectRef = {
  kind: CreditSubjectKind;
  /** 统一社会信用代码 for enterprises and 个体工商户, resident ID for individuals. */
  code: string;
  name: string;
};

import type { CreditOutcome } from '../../../contracts/credit';

export type { CreditOutcome };
export type CreditIncentive = 'green_channel' | 'instant_approval' | 'assisted_service' | 'door_to_door';
export type CreditRestriction = 'key_review';

export type CreditReason = {
  /** The policy rule that fired. */
  rule: string;
  /** In Chinese, for the applicant and the clerk. */
  message: string;
  recordId?: string;
  recordKind?: string;
  /** What the rule did: decided the outcome, or was set aside (e.g. by an incentive card). */
  effect?: CreditOutcome | 'waived';
};

export type CreditCheckInput = {
  subject: SubjectRef;
  /** The item version applied for; its allowed modes bound the result. */
  itemVersionId: string | null;
  /** The version row when the caller already holds it, to spare reading it again. */
  itemVersion?: VersionRow;
  applicationId?: string | null;
  majorProject?: boolean;
  /** The platforms' answers, asked before the transaction; used when they are for this subject's code. */
  platformAnswers?: PlatformAnswers;
};

export type CreditCheckResult = {
  checkId: string;
  subjectId: string;
  outcome: CreditOutcome;
  /** Always includes 'standard'. */
  allowedModes: ApprovalMode[];
  reasons: CreditReason[];
  incentives: CreditIncentive[];
  restrictions: CreditRestriction[];
  policyVersionId: string;
  grade: { scale: string; value: string } | null;
};

export type BreachEvent = 'false_commitment' | 'broken_commitment' | 'missing_materials_unsupplied';

export type BreachInput = {
  subject: SubjectRef;
  event: BreachEvent;
  /** The policy version the case was judged under decides which records follow (e.g. a blacklist). */
  policyVersionId: string;
  decidingDepartmentId: string;
  reason: string;
  applicationId?: string | null;
  /** Social impact of the breach (004: 根据社会影响进行失信程度分级); used where the policy grades by it. */
  impact?: 'minor' | 'general' | 'serious';
};

export type BreachResult = { records: { id: string; kind: string; severity: string }[] };
