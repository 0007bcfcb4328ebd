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
import { reachable as reachableFrom } from '../helpers/graph';

const open = { withdrawalAllowed: true, keyReview: false };

const events = (s: ApplicationStatus) => Object.keys(applicationTransitions[s]) as ApplicationEvent[];
const next = (s: ApplicationStatus) => events(s).map((e) => applicationTransitions[s][e]!);

const reachable = (from: ApplicationStatus) => reachableFrom(from, next);

// Properties of the table, not the table again: a change to it that keeps them is a policy decision,
// one that breaks them is a fault. The actions walk it in test/api/application-lifecycle.test.ts.
describe('application lifecycle', () => {
  it('the decision follows the table for every status and event, and refuses the rest as invalid', () => {
    for (const from of applicationStatuses) {
      for (const event of applicationEvents) {
        const to = applicationTransitions[from][event];
        const r = decideApplicationTransition(from, event, open);
        if (to) expect(r, `${from} × ${event}`).toEqual({ ok: true, to });
        else expect(r, `${from} × ${event}`).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      }
    }
  });

  it('the table knows exactly the statuses and events of the contract', () => {
    expect(Object.keys(applicationTransitions).sort()).toEqual([...applicationStatuses].sort());
    const used = new Set(applicationStatuses.flatMap(events));
    for (const e of used) expect(applicationEvents).toContain(e);
    for (const s of applicationStatuses) for (const to of next(s)) expect(applicationStatuses).toContain(to);
  });

  it('every status is reachable from a draft; `create` only starts a life', () => {
    expect([...reachable('draft')].sort()).toEqual([...applicationStatuses].sort());
    for (const s of applicationStatuses) expect(events(s)).not.toContain('create');
  });

  it('every open case can still end: a final status is reachable from each', () => {
    for (const s of applicationStatuses) {
      expect(
        [...reachable(s)].some((r) => finalStatuses.includes(r)),
        s,
      ).toBe(true);
    }
  });

  it('final states lead nowhere, but an approval to its revocation; every open state can be withdrawn', () => {
    for (const s of finalStatuses) {
      expect(
        events(s).filter((e) => !(s === 'approved' && e === 'revoke')),
        s,
      ).toEqual([]);
    }
    expect(applicationTransitions.approved.revoke).toBe('revoked');
    for (const s of applicationStatuses.filter((x) => !finalStatuses.includes(x))) {
      expect(events(s).length, s).toBeGreaterThan(0);
      expect(decideApplicationTransition(s, 'withdraw', open), s).toEqual({ ok: true, to: 'withdrawn' });
    }
  });

  it('a decision on the spot goes from a draft, or from missing materials once all are supplied, to approved', () => {
    expect(applicationTransitions.draft.submit_instant).toBe('approved');
    expect(applicationTransitions.missing_materials.supply_all).toBe('approved');
    expect(applicationTransitions.reminded.supply_all).toBe('approved');
    // The standard procedure never skips a step: approval only after review.
    const approving = applicationStatuses.filter((s) => applicationTransitions[s].approve);
    expect(approving).toEqual(['reviewed']);
  });

  it('withdrawal is refused where the item does not allow it', () => {
    for (const s of applicationStatuses) {
      const r = decideApplicationTransition(s, 'withdraw', { ...open, withdrawalAllowed: false });
      expect(r.ok).toBe(false);
      if (!r.ok && applicationTransitions[s].withdraw) expect(r.code).toBe('PRECONDITION_FAILED');
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
