import { describe, expect, it } from 'vitest';
import {
  type ApplicationEvent,
  type ApplicationStatus,
  applicationEvents,
  applicationStatuses,
} from '../../src/contracts/applications';
import {
  applicationTransitions,
  decideApplicationTransition,
  finalStatuses,
  nextStepOf,
} from '../../src/domain/application-lifecycle';

const open = { withdrawalAllowed: true, keyReview: false };

/** The whole table written out: every state × event, and where it leads (undefined: not allowed). */
const expected: Record<ApplicationStatus, Partial<Record<ApplicationEvent, ApplicationStatus>>> = {
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
  approved: { revoke: 'revoked' },
  rejected: {},
  withdrawn: {},
  terminated: {},
  revoked: {},
};

describe('application lifecycle', () => {
  for (const from of applicationStatuses) {
    for (const event of applicationEvents) {
      const to = expected[from][event];
      it(`${from} × ${event} → ${to ?? 'refused'}`, () => {
        const r = decideApplicationTransition(from, event, open);
        if (to) expect(r).toEqual({ ok: true, to });
        else {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.code).toBe('INVALID_TRANSITION');
        }
      });
    }
  }

  it('the table has no state or event beyond the contract', () => {
    expect(Object.keys(applicationTransitions).sort()).toEqual([...applicationStatuses].sort());
    expect(applicationTransitions).toEqual(expected);
  });

  it('final states lead nowhere but an approval to its revocation; every other state can still be withdrawn', () => {
    for (const s of applicationStatuses) {
      const final = finalStatuses.includes(s);
      const onward = Object.keys(applicationTransitions[s]);
      expect(final ? onward.filter((e) => !(s === 'approved' && e === 'revoke')) : onward.length > 0).toEqual(
        final ? [] : true,
      );
      if (!final) expect(decideApplicationTransition(s, 'withdraw', open).ok).toBe(true);
    }
  });

  it('withdrawal is refused where the item does not allow it', () => {
    for (const s of applicationStatuses) {
      const r = decideApplicationTransition(s, 'withdraw', { ...open, withdrawalAllowed: false });
      expect(r.ok).toBe(false);
      if (!r.ok && expected[s].withdraw) expect(r.code).toBe('PRECONDITION_FAILED');
    }
  });

  it('a key-review subject is never decided on the spot, but may still be reviewed', () => {
    const kr = { ...open, keyReview: true };
    for (const [from, event] of [
      ['draft', 'submit_instant'],
      ['missing_materials', 'supply_all'],
      ['reminded', 'supply_all'],
    ] as const) {
      const r = decideApplicationTransition(from, event, kr);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toContain('重点审查');
    }
    expect(decideApplicationTransition('draft', 'submit', kr)).toEqual({ ok: true, to: 'submitted' });
    expect(decideApplicationTransition('missing_materials', 'supply_all_review', kr)).toEqual({
      ok: true,
      to: 'accepted',
    });
    expect(decideApplicationTransition('reviewed', 'approve', kr)).toEqual({ ok: true, to: 'approved' });
  });

  it('names a next step for every status', () => {
    for (const s of applicationStatuses) expect(nextStepOf(s).length).toBeGreaterThan(2);
  });
});
