import { createCipheriv, createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import {
  type DrawInput,
  percentToBp,
  runDraw,
  Sm4CounterStream,
  stratumSize,
  subjectListHash,
} from '../../src/domain/inspection-draw';

const subjects = (n: number, grades = ['A', 'B', 'C', 'D']) =>
  Array.from({ length: n }, (_, i) => ({
    code: `9115062600${String(i).padStart(8, '0')}`,
    name: `企业${i}`,
    grade: grades[i % grades.length]!,
  }));
const inspectors = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `insp-${String(i).padStart(2, '0')}`, name: `检查员${i}` }));

const base = (over: Partial<DrawInput> = {}): DrawInput => ({
  seed: 'published-seed',
  subjects: subjects(200),
  inspectors: inspectors(6),
  ratiosBp: { A: 300, B: 500, C: 1000, D: 5000 },
  conflicts: [],
  perInspection: 2,
  ...over,
});

describe('SM4 counter-mode stream', () => {
  it('is E_K(counter block), E_K(counter block + 1), … read as big-endian words', () => {
    const key = createHash('sm3').update('k').digest();
    const s = new Sm4CounterStream(key.toString('hex'));
    const words = Array.from({ length: 5 }, () => s.nextWord());
    // Independently: SM4-ECB of the initial counter block and of its successor.
    const ecb = (block: Buffer) => {
      const c = createCipheriv('sm4-ecb', key.subarray(0, 16), null);
      c.setAutoPadding(false);
      return Buffer.concat([c.update(block), c.final()]);
    };
    const iv = Buffer.from(key.subarray(16, 32));
    const b0 = ecb(iv);
    const next = Buffer.from(iv);
    for (let i = 15; i >= 0; i--) {
      next[i] = (next[i]! + 1) & 0xff;
      if (next[i] !== 0) break;
    }
    const b1 = ecb(next);
    expect(words.slice(0, 4)).toEqual([0, 4, 8, 12].map((o) => b0.readUInt32BE(o)));
    expect(words[4]).toBe(b1.readUInt32BE(0));
  });

  it('below(n) stays in range and is roughly uniform', () => {
    const s = new Sm4CounterStream(createHash('sm3').update('u').digest('hex'));
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[s.below(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('the reproducible draw', () => {
  it('re-running from the published inputs gives the same selection, whatever the order of the lists', () => {
    const a = runDraw(base());
    const shuffled = base({
      subjects: [...base().subjects].reverse(),
      inspectors: [...inspectors(6)].reverse(),
    });
    const b = runDraw(shuffled);
    expect(b).toEqual(a);
    expect(a.subjectListHash).toBe(subjectListHash(base().subjects));
    expect(runDraw(base({ seed: 'another-seed' })).selections).not.toEqual(a.selections);
  });

  it('samples each grade stratum at its ratio, rounded up, without repeats', () => {
    const r = runDraw(base());
    expect(r.strata).toEqual([
      { grade: 'A', candidates: 50, ratioBp: 300, selected: 2 },
      { grade: 'B', candidates: 50, ratioBp: 500, selected: 3 },
      { grade: 'C', candidates: 50, ratioBp: 1000, selected: 5 },
      { grade: 'D', candidates: 50, ratioBp: 5000, selected: 25 },
    ]);
    expect(new Set(r.selections.map((s) => s.subjectCode)).size).toBe(35);
    for (const s of r.selections) {
      expect(s.inspectorIds).toHaveLength(2);
      expect(new Set(s.inspectorIds).size).toBe(2);
    }
    // 7% of 100 is 7, not 8 (the floating-point product is 7.000000000000001).
    expect(stratumSize(100, percentToBp(7, 'A'))).toBe(7);
    expect(stratumSize(101, 700)).toBe(8);
    expect(stratumSize(3, 10000)).toBe(3);
    expect(() => percentToBp(3.333, 'A')).toThrow('两位小数');
  });

  it('never draws a conflicted inspector (property over many seeds)', () => {
    const subs = subjects(40);
    const insp = inspectors(5);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.array(fc.record({ s: fc.nat(39), i: fc.nat(4) }), { maxLength: 60 }),
        (seed, pairs) => {
          const conflicts = pairs.map(({ s, i }) => ({
            inspectorId: insp[i]!.id,
            subjectCode: subs[s]!.code,
          }));
          let result: ReturnType<typeof runDraw>;
          try {
            result = runDraw(
              base({
                seed,
                subjects: subs,
                inspectors: insp,
                conflicts,
                ratiosBp: { A: 5000, B: 5000, C: 5000, D: 5000 },
              }),
            );
          } catch (e) {
            // Only allowed failure: some drawn subject has fewer than two eligible inspectors.
            expect(e).toBeInstanceOf(DomainError);
            expect((e as DomainError).code).toBe('PRECONDITION_FAILED');
            const eligible = (e as DomainError).details!.eligible as number;
            expect(eligible).toBeLessThan(2);
            return;
          }
          const banned = new Set(conflicts.map((c) => `${c.inspectorId}|${c.subjectCode}`));
          for (const sel of result.selections) {
            for (const id of sel.inspectorIds) expect(banned.has(`${id}|${sel.subjectCode}`)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fewer than two eligible inspectors is a clear Chinese error', () => {
    const subs = subjects(4);
    const insp = inspectors(3);
    const conflicts = insp.slice(0, 2).map((i) => ({ inspectorId: i.id, subjectCode: subs[0]!.code }));
    expect(() =>
      runDraw(base({ subjects: subs, inspectors: insp, conflicts, ratiosBp: { A: 10000 } })),
    ).toThrow(/无利益冲突的检查人员只有 1 名，少于每个对象所需的 2 名/);
    expect(() => runDraw(base({ inspectors: inspectors(1) }))).toThrow(/检查人员不足/);
    expect(() => runDraw(base({ perInspection: 1 }))).toThrow(/至少应配两名/);
    expect(() => runDraw(base({ subjects: [...subjects(3), subjects(3)[0]!] }))).toThrow(/重复/);
  });
});
