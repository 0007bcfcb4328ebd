import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { PolicyDefinition } from '../../src/contracts/credit-policy';
import {
  addMonths,
  earliestRepairOn,
  publicityEnd,
  recordInEffect,
  recordPublished,
  repairRefusal,
} from '../../src/domain/credit';
import {
  type EvalInput,
  type EvalRecord,
  evaluatePolicy,
  policyProblems,
} from '../../src/domain/credit-policy';
import { seedPolicies } from '../../src/server/modules/credit/seed/policies';

const policy = (code: string) => seedPolicies.find((p) => p.code === code)!.definition;
const today = '2026-11-23';
let n = 0;
const rec = (o: Partial<EvalRecord> & Pick<EvalRecord, 'kind'>): EvalRecord => ({
  id: `r${++n}`,
  severity: 'general',
  decidedOn: '2026-10-01',
  status: 'active',
  published: true,
  validUntil: null,
  penaltyFulfilled: null,
  underObjection: false,
  source: 'local',
  ...o,
});
const input = (o: Partial<EvalInput> = {}): EvalInput => ({
  today,
  majorProject: false,
  records: [],
  grade: null,
  failedSources: [],
  ...o,
});

describe('publicity periods (2026 credit repair rules)', () => {
  it('minor at most 3 months, general 3 months to 1 year, serious 1 to 3 years', () => {
    expect(publicityEnd('minor', '2026-01-15')).toBe('2026-04-15');
    expect(earliestRepairOn('minor', '2026-01-15')).toBe('2026-01-15');
    expect(earliestRepairOn('general', '2026-01-15')).toBe('2026-04-15');
    expect(publicityEnd('general', '2026-01-15')).toBe('2027-01-15');
    expect(earliestRepairOn('serious', '2026-01-15')).toBe('2027-01-15');
    expect(publicityEnd('serious', '2026-01-15')).toBe('2029-01-15');
  });

  it('month arithmetic keeps to the end of a shorter month', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-29', 3)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 1)).toBe('2026-09-30');
  });

  it('publicity ends by itself at the maximum; a repaired or removed record is not published', () => {
    const r = rec({ kind: 'blacklist', severity: 'general', decidedOn: '2025-11-23' });
    expect(recordPublished(r, '2026-11-22')).toBe(true);
    expect(recordPublished(r, '2026-11-23')).toBe(false);
    expect(recordInEffect(r, '2026-11-23')).toBe(false);
    expect(recordPublished({ ...r, decidedOn: '2026-11-01', status: 'repaired' }, today)).toBe(false);
    expect(recordPublished({ ...r, decidedOn: '2026-11-01', status: 'removed' }, today)).toBe(false);
    // 轻微: on file and in effect, but normally not published.
    expect(recordPublished(rec({ kind: 'blacklist', severity: 'minor', published: false }), today)).toBe(
      false,
    );
    expect(
      recordInEffect(rec({ kind: 'blacklist', severity: 'minor', decidedOn: '2026-11-01' }), today),
    ).toBe(true);
  });

  it('a reward counts until its validity ends, never before its date', () => {
    const card = rec({
      kind: 'tax_incentive_card',
      severity: 'minor',
      decidedOn: '2026-01-01',
      validUntil: '2026-12-31',
    });
    expect(recordInEffect(card, '2026-12-31')).toBe(true);
    expect(recordInEffect(card, '2027-01-01')).toBe(false);
    expect(recordInEffect({ ...card, decidedOn: '2026-12-01' }, today)).toBe(false);
  });

  it('repair waits for the minimum period and a fulfilled penalty', () => {
    const general = { ...rec({ kind: 'broken_commitment', decidedOn: '2026-09-01' }) };
    expect(repairRefusal(general, today)).toContain('2026-12-01');
    expect(repairRefusal(general, '2026-12-01')).toBeNull();
    const serious = rec({ kind: 'false_commitment', severity: 'serious', decidedOn: '2026-01-10' });
    expect(repairRefusal(serious, today)).toContain('2027-01-10');
    expect(
      repairRefusal(rec({ kind: 'abnormal_operation', severity: 'minor', decidedOn: today }), today),
    ).toBeNull();
    const penalty = rec({ kind: 'administrative_penalty', severity: 'minor', decidedOn: '2026-11-01' });
    expect(repairRefusal(penalty, today)).toContain('履行');
    expect(repairRefusal({ ...penalty, penaltyFulfilled: true }, today)).toBeNull();
    expect(repairRefusal(rec({ kind: 'red_list' }), today)).toContain('守信激励');
    expect(repairRefusal({ ...general, status: 'repaired' }, '2026-12-01')).toContain('已修复');
  });
});

describe('the shipped policies', () => {
  it('are valid data for the one engine', () => {
    expect(seedPolicies.map((p) => p.code)).toEqual(['wushen', 'yima', 'zhalantun', 'yangzhou', 'ordos']);
    for (const p of seedPolicies) {
      expect(Value.Check(PolicyDefinition, p.definition), p.code).toBe(true);
      expect(policyProblems(p.definition), p.code).toEqual([]);
    }
    // No region is claimed twice.
    const regions = seedPolicies.flatMap((p) => p.regions);
    expect(new Set(regions).size).toBe(regions.length);
  });

  it('a repaired false commitment no longer bars, under every policy', () => {
    for (const p of seedPolicies) {
      const fc1 = rec({ kind: 'false_commitment', severity: 'general', decidedOn: '2026-05-01' });
      expect(evaluatePolicy(p.definition, input({ records: [fc1] })).outcome, p.code).toBe('not_eligible');
      const base = evaluatePolicy(
        p.definition,
        input({ grade: { scale: p.definition.gradeScale.code, value: 'A' } }),
      );
      const repaired = evaluatePolicy(
        p.definition,
        input({
          records: [{ ...fc1, status: 'repaired' }],
          grade: { scale: p.definition.gradeScale.code, value: 'A' },
        }),
      );
      expect(repaired.outcome, p.code).toBe(base.outcome);
    }
  });

  it('a source that did not answer is never eligible, under every policy', () => {
    for (const p of seedPolicies) {
      const r = evaluatePolicy(
        p.definition,
        input({
          majorProject: true,
          grade: { scale: p.definition.gradeScale.code, value: 'A' },
          failedSources: [{ source: 'x', name: '信用中国', error: '查询超时' }],
        }),
      );
      expect(r.outcome, p.code).toBe('not_eligible');
      expect(r.modes).toEqual(['standard']);
      expect(r.reasons.at(-1)!.message).toContain('信用中国');
    }
  });

  it('the outcome is monotone: adding a dishonesty record never improves it', () => {
    const rank = { eligible: 0, conditional: 1, not_eligible: 2 } as const;
    const kinds = [
      'serious_dishonesty_list',
      'blacklist',
      'administrative_penalty',
      'abnormal_operation',
      'false_commitment',
      'broken_commitment',
    ] as const;
    const arbRecord = fc.record({
      kind: fc.constantFrom(...kinds),
      severity: fc.constantFrom('minor', 'general', 'serious' as const),
      decidedOn: fc.constantFrom('2024-01-01', '2026-01-01', '2026-10-01'),
      penaltyFulfilled: fc.constantFrom(null, true, false),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...seedPolicies),
        fc.array(arbRecord, { maxLength: 4 }),
        arbRecord,
        fc.boolean(),
        fc.constantFrom(null, 'A', 'B', 'C', 'D'),
        (p, records, extra, major, g) => {
          const grade = g ? { scale: p.definition.gradeScale.code, value: g } : null;
          const before = evaluatePolicy(
            p.definition,
            input({ records: records.map((r) => rec(r)), majorProject: major, grade }),
          );
          const after = evaluatePolicy(
            p.definition,
            input({ records: [...records.map((r) => rec(r)), rec(extra)], majorProject: major, grade }),
          );
          return rank[after.outcome] >= rank[before.outcome];
        },
      ),
    );
  });
});

describe('the engine', () => {
  it('lists every reason with its rule and record, and sets waived ones apart', () => {
    const def = policy('zhalantun');
    const card = rec({ kind: 'tax_incentive_card', severity: 'minor', validUntil: '2027-01-01' });
    const abn = rec({ kind: 'abnormal_operation' });
    const r = evaluatePolicy(def, input({ records: [card, abn] }));
    expect(r.outcome).toBe('eligible');
    expect(r.reasons).toEqual([
      expect.objectContaining({ rule: 'incentive_card', recordId: card.id, effect: 'eligible' }),
      expect.objectContaining({ rule: 'abnormal_operation', recordId: abn.id, effect: 'waived' }),
    ]);
  });

  it('a grade on another jurisdiction’s scale is no grade here', () => {
    const r = evaluatePolicy(policy('yangzhou'), input({ grade: { scale: 'national', value: 'A' } }));
    expect(r.outcome).toBe('not_eligible');
    expect(r.reasons.map((x) => x.rule)).toEqual(['grade_missing']);
  });

  it('a record dated in the future or past its publicity does not count', () => {
    const def = policy('wushen');
    expect(
      evaluatePolicy(def, input({ records: [rec({ kind: 'blacklist', decidedOn: '2026-12-01' })] })).outcome,
    ).toBe('eligible');
    expect(
      evaluatePolicy(
        def,
        input({ records: [rec({ kind: 'blacklist', severity: 'serious', decidedOn: '2023-11-22' })] }),
      ).outcome,
    ).toBe('eligible');
  });

  it('finds problems a schema cannot see', () => {
    const def = structuredClone(policy('yangzhou'));
    def.rules.push({ ...def.rules[0]! });
    def.waivers[0]!.waives.push('nope');
    def.outcomes.not_eligible.modes.push('one_form');
    def.outcomes.not_eligible.incentives.push('green_channel');
    const g = def.rules.find((r) => r.type === 'grade')!;
    if (g.type === 'grade') g.values.push('Z');
    const problems = policyProblems(def);
    expect(problems).toHaveLength(5);
  });
});
