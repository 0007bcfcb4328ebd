import { describe, expect, it } from 'vitest';
import {
  type VersionEvent,
  type VersionStatus,
  versionEvents,
  versionStatuses,
} from '../../src/contracts/catalog';
import { decideTransition, type TransitionFacts, transitions } from '../../src/domain/catalog-lifecycle';

const good: TransitionFacts = {
  missingSections: [],
  ruleProblems: [],
  comment: '意见',
  effectiveDate: '2026-12-01',
  today: '2026-11-23',
};

/** The whole table written out: every state × event, and where it leads (undefined: not allowed). */
const expected: Record<VersionStatus, Partial<Record<VersionEvent, VersionStatus>>> = {
  draft: { edit: 'draft', submit: 'legal_review', withdraw: 'withdrawn' },
  legal_review: { pass_review: 'justice_approval', return: 'draft' },
  justice_approval: { approve: 'approved', return: 'draft' },
  approved: { publish: 'published', withdraw: 'withdrawn' },
  published: { supersede: 'superseded', withdraw: 'withdrawn' },
  superseded: {},
  withdrawn: {},
};

describe('catalog version lifecycle', () => {
  for (const from of versionStatuses) {
    for (const event of versionEvents) {
      const to = expected[from][event];
      it(`${from} × ${event} → ${to ?? 'refused'}`, () => {
        const r = decideTransition(from, event, good);
        if (to) expect(r).toEqual({ ok: true, to });
        else {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.code).toBe('INVALID_TRANSITION');
        }
      });
    }
  }

  it('the table has no state or event beyond the contract', () => {
    expect(Object.keys(transitions).sort()).toEqual([...versionStatuses].sort());
    expect(transitions).toEqual(expected);
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
