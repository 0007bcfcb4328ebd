import {
  type VersionEvent,
  type VersionStatus,
  versionEventLabels,
  versionStatusLabels,
} from '../contracts/catalog';

/**
 * The life of one catalog version (001, 004): drafted by the department → 合法性审查 by the legal reviewer →
 * 司法局审核同意 → published on the portal by the service centre → superseded by a newer version or withdrawn.
 * A returned version goes back to draft with the reviewer's comments. `create` only starts a life.
 */
export const transitions: Readonly<Record<VersionStatus, Partial<Record<VersionEvent, VersionStatus>>>> = {
  draft: { edit: 'draft', submit: 'legal_review', withdraw: 'withdrawn' },
  legal_review: { pass_review: 'justice_approval', return: 'draft' },
  justice_approval: { approve: 'approved', return: 'draft' },
  approved: { publish: 'published', withdraw: 'withdrawn' },
  published: { supersede: 'superseded', withdraw: 'withdrawn' },
  superseded: {},
  withdrawn: {},
};

/** Versions in these states are immutable: their content may never change again. */
export const frozenStatuses: readonly VersionStatus[] = [
  'legal_review',
  'justice_approval',
  'approved',
  'published',
  'superseded',
  'withdrawn',
];

/** Facts the guards look at; gathered by the action, judged here. */
export type TransitionFacts = {
  /** Labels of the mandatory sections still empty. */
  missingSections: readonly string[];
  /** Messages of broken item rules (exclusions, materials). */
  ruleProblems: readonly string[];
  comment: string | null;
  effectiveDate: string | null;
  /** Today in China (YYYY-MM-DD). */
  today: string;
};

export type TransitionResult =
  | { ok: true; to: VersionStatus }
  | { ok: false; code: 'INVALID_TRANSITION' | 'PRECONDITION_FAILED'; message: string };

export function decideTransition(
  from: VersionStatus,
  event: VersionEvent,
  facts: TransitionFacts,
): TransitionResult {
  const to = transitions[from][event];
  if (!to) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `版本状态为“${versionStatusLabels[from]}”，不能“${versionEventLabels[event]}”`,
    };
  }
  const fail = (message: string): TransitionResult => ({ ok: false, code: 'PRECONDITION_FAILED', message });
  switch (event) {
    case 'submit':
    case 'publish':
      if (facts.ruleProblems.length) return fail(`事项不符合规则：${facts.ruleProblems[0]}`);
      if (facts.missingSections.length) {
        return fail(`告知承诺书必备内容缺失：${facts.missingSections.join('、')}`);
      }
      if (event === 'publish') {
        if (!facts.effectiveDate) return fail('发布须确定施行日期');
        if (facts.effectiveDate < facts.today) return fail(`施行日期${facts.effectiveDate}早于今日`);
      }
      return { ok: true, to };
    case 'return':
      if (!facts.comment?.trim()) return fail('退回修改须写明审查意见');
      return { ok: true, to };
    case 'withdraw':
      if (!facts.comment?.trim()) return fail('撤回须写明理由');
      return { ok: true, to };
    case 'create':
    case 'edit':
    case 'pass_review':
    case 'approve':
    case 'supersede':
      return { ok: true, to };
    default: {
      const never: never = event;
      return never;
    }
  }
}
