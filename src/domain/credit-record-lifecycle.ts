import {
  type CreditRecordEvent,
  type CreditRecordStatus,
  creditRecordEventLabels,
  creditRecordStatusLabels,
} from '../contracts/credit';

/**
 * The life of one credit record. A record is entered `active`; an approved 信用修复 makes it `repaired`
 * (no longer published, no longer counted); an objection decided as 删除 makes it `removed` (as if it had
 * never been). An objection marks the record 异议处理中 without changing its status, and is decided as
 * corrected, upheld or removed; a repair approved while an objection is pending leaves that objection to
 * be decided on the repaired record. `create` only starts a life.
 */
export const creditRecordTransitions: Readonly<
  Record<CreditRecordStatus, Partial<Record<CreditRecordEvent, CreditRecordStatus>>>
> = {
  active: { object: 'active', correct: 'active', uphold: 'active', remove: 'removed', repair: 'repaired' },
  repaired: { correct: 'repaired', uphold: 'repaired', remove: 'removed' },
  removed: {},
};

/** Facts the guards need; gathered by the action, judged here. */
export type CreditRecordFacts = {
  /** An objection is pending (异议处理中). */
  underObjection: boolean;
};

export type CreditRecordTransition =
  | { ok: true; to: CreditRecordStatus; underObjection: boolean }
  | { ok: false; code: 'INVALID_TRANSITION' | 'CONFLICT'; message: string };

const objectionDecisions: readonly CreditRecordEvent[] = ['correct', 'uphold', 'remove'];

/** Where an event takes a record, and whether it is then under objection; or why it may not happen. */
export function decideCreditRecordTransition(
  from: CreditRecordStatus,
  event: CreditRecordEvent,
  facts: CreditRecordFacts,
): CreditRecordTransition {
  const to = creditRecordTransitions[from][event];
  if (!to) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `信用记录状态为“${creditRecordStatusLabels[from]}”，不能“${creditRecordEventLabels[event]}”`,
    };
  }
  if (event === 'object' && facts.underObjection) {
    return { ok: false, code: 'CONFLICT', message: '该记录已有正在处理的异议' };
  }
  if (objectionDecisions.includes(event) && !facts.underObjection) {
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message: `该信用记录没有正在处理的异议，不能“${creditRecordEventLabels[event]}”`,
    };
  }
  const underObjection =
    event === 'object' ? true : objectionDecisions.includes(event) ? false : facts.underObjection;
  return { ok: true, to, underObjection };
}
