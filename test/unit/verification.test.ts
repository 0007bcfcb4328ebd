import { describe, expect, it } from 'vitest';
import type { VerificationPlan } from '../../src/contracts/catalog';
import { verificationEvents, verificationStatuses } from '../../src/contracts/verification';
import {
  type DefenceState,
  defenceClosedReason,
  nextStatus,
  planVerification,
  replyRequired,
  revocationBlockedReason,
  transitions,
} from '../../src/domain/verification';
import { drawSample, seedCommitment } from '../../src/domain/verification-sampling';
import { sm3 } from '../../src/server/security/crypto';

const plan: VerificationPlan = {
  method: 'data_check',
  deadlineDays: null,
  byGrade: [
    { grade: 'A', method: 'sampling', samplingPercent: 5 },
    { grade: 'C', method: 'on_site', samplingPercent: null },
  ],
};

describe('verification plan', () => {
  it('先入后验 is verified on site within 10 working days whatever the grade', () => {
    expect(planVerification({ plan, mode: 'enter_then_verify', grade: 'A' })).toEqual({
      kind: 'task',
      method: 'on_site',
      deadlineDays: 10,
      reason: 'enter_then_verify',
    });
  });

  it('the grade picks the intensity; without a matching grade the default method applies', () => {
    expect(planVerification({ plan, mode: 'license_commitment', grade: 'C' })).toMatchObject({
      kind: 'task',
      method: 'on_site',
    });
    expect(planVerification({ plan, mode: 'license_commitment', grade: null })).toMatchObject({
      kind: 'task',
      method: 'data_check',
      deadlineDays: 20,
    });
  });

  it('no verification for the standard procedure or missing-materials cases', () => {
    for (const mode of ['standard', 'missing_materials'] as const) {
      expect(planVerification({ plan, mode, grade: null }).kind).toBe('none');
    }
  });

  it('a sampling grade is left to a draw: nothing known at the decision decides it', () => {
    expect(planVerification({ plan, mode: 'one_form', grade: 'A' })).toEqual({
      kind: 'draw',
      method: 'sampling',
      deadlineDays: 20,
      samplingPercent: 5,
    });
  });
});

describe('sampling draw (sm3-daily-seed-v1)', () => {
  const decidedAt = new Date('2026-11-23T02:00:00.000Z');

  it('is a pure function of the published inputs, written out in its comment', () => {
    const input = {
      seed: 'seed-2026-11-23',
      applicationNumber: 'SQ20261123ABCDEF0123',
      decidedAt,
      percent: 20,
    };
    const a = drawSample(input);
    expect(drawSample(input)).toEqual(a);
    const digest = sm3(`sm3-daily-seed-v1|seed-2026-11-23|SQ20261123ABCDEF0123|2026-11-23T02:00:00.000Z`);
    expect(a.digest).toBe(digest);
    expect(a.value).toBe(Number.parseInt(digest.slice(0, 8), 16));
    expect(a.sampled).toBe(a.value * 100 < 20 * 2 ** 32);
    expect(a.threshold).toBe(Math.ceil((20 * 2 ** 32) / 100));
    expect(seedCommitment('x')).toBe(sm3('x'));
  });

  it('without the seed the case cannot be told: the same case and instant go either way as the seed changes', () => {
    const outcomes = new Set<boolean>();
    for (let i = 0; i < 200 && outcomes.size < 2; i++) {
      outcomes.add(
        drawSample({ seed: `seed-${i}`, applicationNumber: 'SQ1', decidedAt, percent: 50 }).sampled,
      );
    }
    expect([...outcomes].sort()).toEqual([false, true]);
  });

  it('samples about the stated share, every case at 100 and none at 0', () => {
    let picked = 0;
    for (let i = 0; i < 4000; i++) {
      const input = { seed: 'day-seed', applicationNumber: `SQ${i}`, decidedAt, percent: 5 };
      if (drawSample(input).sampled) picked++;
      expect(drawSample({ ...input, percent: 100 }).sampled).toBe(true);
      expect(drawSample({ ...input, percent: 0 }).sampled).toBe(false);
    }
    expect(picked / 4000).toBeGreaterThan(0.03);
    expect(picked / 4000).toBeLessThan(0.07);
    expect(() => drawSample({ seed: 's', applicationNumber: 'n', decidedAt, percent: 101 })).toThrow();
  });
});

describe('陈述申辩 guards', () => {
  const open: DefenceState = {
    deadline: '2026-12-09',
    statedAt: null,
    waivedAt: null,
    hearingRequestedAt: null,
    hearingRecordedAt: null,
  };
  const at = new Date('2026-12-03T02:00:00Z');

  it('no revocation within the period unless the party stated or waived; none while a hearing is pending', () => {
    expect(revocationBlockedReason(open, '2026-12-09')).toMatch(/期满前不能撤销/);
    expect(revocationBlockedReason(open, '2026-12-10')).toBeNull();
    expect(revocationBlockedReason({ ...open, statedAt: at }, '2026-12-03')).toBeNull();
    expect(revocationBlockedReason({ ...open, waivedAt: at }, '2026-12-03')).toBeNull();
    const hearing = { ...open, statedAt: at, hearingRequestedAt: at };
    expect(revocationBlockedReason(hearing, '2026-12-20')).toMatch(/听证/);
    expect(revocationBlockedReason({ ...hearing, hearingRecordedAt: at }, '2026-12-04')).toBeNull();
  });

  it('the party answers once, within the period; a revocation answers a statement or a hearing', () => {
    expect(defenceClosedReason(open, '2026-12-09')).toBeNull();
    expect(defenceClosedReason(open, '2026-12-10')).toMatch(/届满/);
    expect(defenceClosedReason({ ...open, statedAt: at }, '2026-12-04')).toMatch(/不能重复/);
    expect(defenceClosedReason({ ...open, waivedAt: at }, '2026-12-04')).toMatch(/放弃/);
    expect(replyRequired(open)).toBe(false);
    expect(replyRequired({ ...open, waivedAt: at })).toBe(false);
    expect(replyRequired({ ...open, statedAt: at })).toBe(true);
    expect(replyRequired({ ...open, hearingRecordedAt: at })).toBe(true);
  });
});

describe('verification ladder', () => {
  it('every state × event is either a listed transition or refused in Chinese', () => {
    for (const from of verificationStatuses) {
      for (const event of verificationEvents) {
        const to = transitions[from][event];
        if (to) expect(nextStatus(from, event)).toBe(to);
        else expect(() => nextStatus(from, event)).toThrow(/不能/);
      }
    }
  });

  it('closed and revoked tasks are final; revocation only follows a failed check', () => {
    expect(Object.keys(transitions.closed)).toEqual([]);
    expect(Object.keys(transitions.revoked)).toEqual([]);
    expect(Object.keys(transitions.defence_accepted)).toEqual([]);
    const reachRevocation = verificationStatuses.filter((s) =>
      Object.values(transitions[s]).includes('revocation_pending'),
    );
    expect(reachRevocation.sort()).toEqual(['assigned', 'rectifying']);
    // Only after the party was told of its right to state and defend.
    const reachRevoked = verificationStatuses.filter((s) =>
      Object.values(transitions[s]).includes('revoked'),
    );
    expect(reachRevoked).toEqual(['defence']);
    expect(transitions.revocation_pending).toEqual({ notify_defence: 'defence' });
    expect(transitions.hearing).toEqual({ record_hearing: 'defence' });
  });
});
