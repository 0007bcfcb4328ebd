import {
  type ApplicationEvent,
  type ApplicationStatus,
  applicationEventLabels,
  applicationStatusLabels,
} from '../contracts/applications';

/**
 * The life of one application (办件). A commitment mode decided on the spot goes draft → approved in one
 * step (即审即办, 000/002); the standard procedure goes submitted → accepted → reviewed → approved or
 * rejected; 容缺受理 goes to missing_materials, where supplying everything completes the case at once, and a
 * 催告 (reminder notice) after the due date leads to `reminded`, then to termination if still missing (002).
 * `create` only starts a life.
 */
export const applicationTransitions: Readonly<
  Record<ApplicationStatus, Partial<Record<ApplicationEvent, ApplicationStatus>>>
> = {
  draft: {
    submit_instant: 'approved',
    submit: 'submitted',
    submit_missing: 'missing_materials',
    withdraw: 'withdrawn',
  },
  submitted: { accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: { review: 'reviewed', reject: 'rejected', withdraw: 'withdrawn' },
  reviewed: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
  missing_materials: {
    supply: 'missing_materials',
    supply_all: 'approved',
    supply_all_review: 'accepted',
    remind: 'reminded',
    withdraw: 'withdrawn',
  },
  reminded: {
    supply: 'reminded',
    supply_all: 'approved',
    supply_all_review: 'accepted',
    terminate: 'terminated',
    withdraw: 'withdrawn',
  },
  // 撤销: verification found the commitment broken or false (000, 004).
  approved: { revoke: 'revoked' },
  rejected: {},
  withdrawn: {},
  terminated: {},
  revoked: {},
};

export const finalStatuses: readonly ApplicationStatus[] = [
  'approved',
  'rejected',
  'withdrawn',
  'terminated',
  'revoked',
];

/** Facts the guards need; gathered by the action, judged here. */
export type ApplicationFacts = {
  /** The item version allows withdrawal (撤回承诺). */
  withdrawalAllowed: boolean;
  /** A key-review subject (重点审查对象) never gets a decision on the spot (002). */
  keyReview: boolean;
};

export type ApplicationTransition =
  | { ok: true; to: ApplicationStatus }
  | { ok: false; code: 'INVALID_TRANSITION' | 'PRECONDITION_FAILED'; message: string };

export function decideApplicationTransition(
  from: ApplicationStatus,
  event: ApplicationEvent,
  facts: ApplicationFacts,
): ApplicationTransition {
  const to = applicationTransitions[from][event];
  if (!to) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `办件状态为“${applicationStatusLabels[from]}”，不能“${applicationEventLabels[event]}”`,
    };
  }
  if (event === 'withdraw' && !facts.withdrawalAllowed) {
    return { ok: false, code: 'PRECONDITION_FAILED', message: '本事项不允许撤回申请' };
  }
  if ((event === 'submit_instant' || event === 'supply_all') && facts.keyReview) {
    return {
      ok: false,
      code: 'PRECONDITION_FAILED',
      message: '申请人为信用重点审查对象，不适用即审即办，须经审查后作出决定',
    };
  }
  return { ok: true, to };
}

/** What the applicant (or the clerk) does next, shown in 我的办件. */
export function nextStepOf(status: ApplicationStatus): string {
  switch (status) {
    case 'draft':
      return '阅读告知书，选择办理模式，提交材料并签署承诺书';
    case 'submitted':
      return '等待综合受理窗口受理';
    case 'accepted':
      return '等待审批部门审查';
    case 'reviewed':
      return '等待审批部门作出决定';
    case 'missing_materials':
      return '在补正期限内补齐容缺材料';
    case 'reminded':
      return '已被催告：在最后期限内补齐容缺材料，逾期将终止办理并记入信用记录';
    case 'approved':
      return '已办结，可查看证照';
    case 'rejected':
      return '已办结（不予许可），可查看决定理由';
    case 'withdrawn':
      return '已撤回，无需操作';
    case 'terminated':
      return '已终止办理';
    case 'revoked':
      return '审批决定和证照已被撤销，可查看撤销理由；信用修复后方可再次选择承诺办理';
    default: {
      const never: never = status;
      return never;
    }
  }
}
