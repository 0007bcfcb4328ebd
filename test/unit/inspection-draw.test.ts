import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import {
  DRAW_ALGORITHM,
  type DrawInput,
  entryCommitment,
  findOwnEntry,
  percentToBp,
  runDraw,
  runDrawV1,
  Sm4CounterStream,
  stratumSize,
  subjectListHash,
} from '../../src/domain/inspection-draw';

const saltOf = (i: number) => createHash('sm3').update(`salt${i}`).digest('hex').slice(0, 32);
/** Published entries: commitments over made-up codes with their salts. */
const subjects = (n: number, grades = ['A', 'B', 'C', 'D']) =>
  Array.from({ length: n }, (_, i) => {
    const code = `9115062600${String(i).padStart(8, '0')}`;
    const grade = grades[i % grades.length]!;
    return { commitment: entryCommitment(saltOf(i), code, grade), name: `企业${i}`, grade };
  });
const inspectors = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `insp-${String(i).padStart(2, '0')}`, name: `检查员${i}` }));

const base = (over: Partial<DrawInput> = {}): DrawInput => ({
  seed: 'published-seed',
  entries: subjects(200),
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
      entries: [...base().entries].reverse(),
      inspectors: [...inspectors(6)].reverse(),
    });
    const b = runDraw(shuffled);
    expect(b).toEqual(a);
    expect(a.algorithm).toBe(DRAW_ALGORITHM);
    expect(a.subjectListHash).toBe(subjectListHash(base().entries));
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
    expect(new Set(r.selections.map((s) => s.commitment)).size).toBe(35);
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
            commitment: subs[s]!.commitment,
          }));
          let result: ReturnType<typeof runDraw>;
          try {
            result = runDraw(
              base({
                seed,
                entries: subs,
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
          const banned = new Set(conflicts.map((c) => `${c.inspectorId}|${c.commitment}`));
          for (const sel of result.selections) {
            for (const id of sel.inspectorIds) expect(banned.has(`${id}|${sel.commitment}`)).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fewer than two eligible inspectors is a clear Chinese error', () => {
    const subs = subjects(4);
    const insp = inspectors(3);
    const conflicts = insp.slice(0, 2).map((i) => ({ inspectorId: i.id, commitment: subs[0]!.commitment }));
    expect(() =>
      runDraw(base({ entries: subs, inspectors: insp, conflicts, ratiosBp: { A: 10000 } })),
    ).toThrow(/无利益冲突的检查人员只有 1 名，少于每个对象所需的 2 名/);
    expect(() => runDraw(base({ inspectors: inspectors(1) }))).toThrow(/检查人员不足/);
    expect(() => runDraw(base({ perInspection: 1 }))).toThrow(/至少应配两名/);
    expect(() => runDraw(base({ entries: [...subjects(3), subjects(3)[0]!] }))).toThrow(/重复/);
    expect(() => runDraw(base({ entries: [{ commitment: '91150626MA0000001X', grade: 'A' }] }))).toThrow(
      /承诺值格式有误/,
    );
  });
});

describe('entries as salted commitments', () => {
  it('a subject finds its own entry with its code and salt; a wrong salt or code finds nothing', () => {
    const entries = subjects(50);
    const code = `9115062600${String(17).padStart(8, '0')}`;
    expect(findOwnEntry(entries, code, saltOf(17))).toBe(entries[17]);
    expect(findOwnEntry(entries, code, saltOf(18))).toBeUndefined();
    expect(findOwnEntry(entries, `9115062600${String(18).padStart(8, '0')}`, saltOf(17))).toBeUndefined();
    expect(() => entryCommitment('not-a-salt', code, 'A')).toThrow(RangeError);
    // Written out as the algorithm says: SM3 of `E|salt|code|grade`.
    expect(entryCommitment(saltOf(1), 'X', 'B')).toBe(
      createHash('sm3')
        .update(`E|${saltOf(1)}|X|B`)
        .digest('hex'),
    );
  });

  it('the draw orders candidates by commitment, so a code’s place in the list says nothing of it', () => {
    // The same subjects under other salts: same strata, a different selection.
    const resalted = Array.from({ length: 200 }, (_, i) => {
      const code = `9115062600${String(i).padStart(8, '0')}`;
      const grade = ['A', 'B', 'C', 'D'][i % 4]!;
      return { commitment: entryCommitment(saltOf(i + 1000), code, grade), grade };
    });
    const a = runDraw(base());
    const b = runDraw(base({ entries: resalted }));
    expect(b.strata).toEqual(a.strata);
    expect(b.subjectListHash).not.toBe(a.subjectListHash);
  });

  it('version 1 draws are re-run exactly as they were made (pinned selection of a fixed input)', () => {
    const subs = Array.from({ length: 3000 }, (_, i) => ({
      code: `9115062600${String((i * 7919) % 100000).padStart(8, '0')}`,
      name: `企业${i}`,
      grade: ['A', 'B', 'C', 'D'][i % 4]!,
    }));
    const insp = Array.from({ length: 9 }, (_, i) => ({ id: `insp-${i}`, name: `检查员${i}` }));
    const conflicts = subs
      .filter((_, i) => i % 5 === 0)
      .map((s, i) => ({ inspectorId: `insp-${i % 9}`, subjectCode: s.code }));
    const r = runDrawV1({
      seed: 'fixture-seed',
      subjects: subs,
      inspectors: insp,
      ratiosBp: { A: 300, B: 500, C: 1000, D: 5000 },
      conflicts,
      perInspection: 3,
    });
    expect(r.algorithm).toBe('sm3-sm4ctr-fy-v1');
    expect(r.subjectListHash).toBe('ff153b2a77139d13d2882b4ecc063a0e037fb177323f3b50f5afae39609e9101');
    expect(r.selections).toHaveLength(511);
    expect(createHash('sm3').update(JSON.stringify(r.selections)).digest('hex')).toBe(
      '43d5b19784878ee04245df9529b66121b7ceb909aa9ff15be73b594aed8e2a61',
    );
  });

  it('uses no Node API, so a browser runs the same code', () => {
    const source = readFileSync(new URL('../../src/domain/inspection-draw.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from 'node:|require\(|Buffer\./);
  });
});
