import { describe, expect, it } from 'vitest';
import {
  type VersionEvent,
  type VersionStatus,
  versionEvents,
  versionStatuses,
} from '../../src/contracts/catalog';
import { decideTransition, type TransitionFacts, transitions } from '../../src/domain/catalog-lifecycle';
import { reachable as reachableFrom } from '../helpers/graph';

const good: TransitionFacts = {
  missingSections: [],
  ruleProblems: [],
  comment: '意见',
  effectiveDate: '2026-12-01',
  today: '2026-11-23',
};

const next = (s: VersionStatus) => Object.values(transitions[s]) as VersionStatus[];

const reachable = (from: VersionStatus) => reachableFrom(from, next);

const finals: VersionStatus[] = ['superseded', 'withdrawn'];

// Properties of the table rather than the table again (see test/unit/application-lifecycle.test.ts).
describe('catalog version lifecycle', () => {
  it('the decision follows the table for every status and event, and refuses the rest as invalid', () => {
    for (const from of versionStatuses) {
      for (const event of versionEvents) {
        const to = transitions[from][event as VersionEvent];
        const r = decideTransition(from, event, good);
        if (to) expect(r, `${from} × ${event}`).toEqual({ ok: true, to });
        else expect(r, `${from} × ${event}`).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
      }
    }
  });

  it('the table knows exactly the statuses of the contract', () => {
    expect(Object.keys(transitions).sort()).toEqual([...versionStatuses].sort());
    for (const s of versionStatuses) for (const to of next(s)) expect(versionStatuses).toContain(to);
  });

  it('every status is reachable from a draft, and each version can end', () => {
    expect([...reachable('draft')].sort()).toEqual([...versionStatuses].sort());
    for (const s of versionStatuses)
      expect(
        [...reachable(s)].some((r) => finals.includes(r)),
        s,
      ).toBe(true);
  });

  it('superseded and withdrawn are final; nothing is published without both reviews', () => {
    for (const s of finals) expect(next(s), s).toEqual([]);
    const publishing = versionStatuses.filter((s) => transitions[s].publish);
    expect(publishing).toEqual(['approved']);
    const approving = versionStatuses.filter((s) => transitions[s].approve);
    expect(approving).toEqual(['justice_approval']);
    expect(versionStatuses.filter((s) => transitions[s].pass_review)).toEqual(['legal_review']);
  });

  it('create never moves an existing version', () => {
    for (const s of versionStatuses) expect(decideTransition(s, 'create', good).ok).toBe(false);
  });

  it('submit and publish are refused while a mandatory section is empty, naming it', () => {
    const facts = { ...good, missingSections: ['告知书：虚假承诺的刑事责任'] };
    for (const [from, event] of [
      ['draft', 'submit'],
      ['approved', 'publish'],
    ] as const) {
      const r = decideTransition(from, event, facts);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('PRECONDITION_FAILED');
        expect(r.message).toContain('刑事责任');
      }
    }
  });

  it('submit and publish are refused while an item rule is broken', () => {
    const r = decideTransition('draft', 'submit', {
      ...good,
      ruleProblems: ['事项涉及“公共安全”，不得适用“承诺即入”'],
    });
    expect(r.ok).toBe(false);
  });

  it('publish needs an effective date not in the past', () => {
    expect(decideTransition('approved', 'publish', { ...good, effectiveDate: null }).ok).toBe(false);
    expect(decideTransition('approved', 'publish', { ...good, effectiveDate: '2026-11-22' }).ok).toBe(false);
    expect(decideTransition('approved', 'publish', { ...good, effectiveDate: '2026-11-23' })).toEqual({
      ok: true,
      to: 'published',
    });
  });

  it('return and withdraw need a comment', () => {
    for (const [from, event] of [
      ['legal_review', 'return'],
      ['justice_approval', 'return'],
      ['published', 'withdraw'],
      ['draft', 'withdraw'],
    ] as const) {
      expect(decideTransition(from, event, { ...good, comment: '  ' }).ok).toBe(false);
      expect(decideTransition(from, event, { ...good, comment: null }).ok).toBe(false);
    }
  });
});
