import { describe, expect, it } from 'vitest';
import type { VerificationPlan } from '../../src/contracts/catalog';
import { verificationEvents, verificationStatuses } from '../../src/contracts/verification';
import { nextStatus, planVerification, transitions } from '../../src/domain/verification';
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
    expect(planVerification({ plan, mode: 'enter_then_verify', grade: 'A', sampleDigest: sm3('x') })).toEqual(
      {
        selected: true,
        method: 'on_site',
        deadlineDays: 10,
        reason: 'enter_then_verify',
      },
    );
  });

  it('the grade picks the intensity; without a matching grade the default method applies', () => {
    expect(
      planVerification({ plan, mode: 'license_commitment', grade: 'C', sampleDigest: sm3('x') }),
    ).toMatchObject({
      selected: true,
      method: 'on_site',
    });
    expect(
      planVerification({ plan, mode: 'license_commitment', grade: null, sampleDigest: sm3('x') }),
    ).toMatchObject({
      selected: true,
      method: 'data_check',
      deadlineDays: 20,
    });
  });

  it('no verification for the standard procedure or missing-materials cases', () => {
    for (const mode of ['standard', 'missing_materials'] as const) {
      expect(planVerification({ plan, mode, grade: null, sampleDigest: sm3('x') }).selected).toBe(false);
    }
  });

  it('sampling picks about the stated share, reproducibly from the application id', () => {
    let picked = 0;
    for (let i = 0; i < 4000; i++) {
      const digest = sm3(`application-${i}`);
      const a = planVerification({ plan, mode: 'one_form', grade: 'A', sampleDigest: digest });
      const b = planVerification({ plan, mode: 'one_form', grade: 'A', sampleDigest: digest });
      expect(a).toEqual(b);
      if (a.selected) picked++;
    }
    expect(picked / 4000).toBeGreaterThan(0.03);
    expect(picked / 4000).toBeLessThan(0.07);
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
    const reachRevocation = verificationStatuses.filter((s) =>
      Object.values(transitions[s]).includes('revocation_pending'),
    );
    expect(reachRevocation.sort()).toEqual(['assigned', 'rectifying']);
  });
});
