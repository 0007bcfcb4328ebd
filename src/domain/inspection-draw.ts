import { type Cipher, createCipheriv, createHash } from 'node:crypto';
import { DomainError } from './errors';

/**
 * The reproducible 双随机 draw. Everything that decides the outcome is published (the seed, the
 * SM3 of every candidate and of both lists, the ratios, the conflicts), and the draw is a pure
 * function of those, so anyone re-running it gets the same subjects and inspectors.
 *
 * Algorithm `sm3-sm4ctr-fy-v1`, written out so that it can be re-implemented without this code:
 * 1. Canonical form: subject line `S|<code>|<grade>`, inspector line `I|<id>|<name>`; each list
 *    sorted by code / id (UTF-16 code unit order), so the order it was typed in does not matter. The
 *    list hash is SM3 (hex) of the UTF-8 lines, each followed by "\n".
 * 2. Key = SM3(`sm3-sm4ctr-fy-v1|<seed>|<subject list hash>|<inspector list hash>|<ratios>|<per inspection>`),
 *    ratios written `grade:basisPoints` sorted by grade and joined by ",".
 * 3. Random words: the SM4-CTR keystream under the key (SM4 key = key bytes 0–15, initial counter
 *    block = bytes 16–31), read as big-endian unsigned 32-bit words. A number below n is drawn by
 *    rejection: take the next word w, retry while w ≥ 2^32 − (2^32 mod n), else answer w mod n.
 * 4. Strata in grade order; in each, candidates in sorted order, k = ceil(n × bp / 10000) chosen by a
 *    partial Fisher–Yates shuffle (for i < k: swap i with i + draw(n − i)); the selection is the first
 *    k in draw order.
 * 5. For each selected subject in selection order: the inspectors without a declared conflict with it
 *    (sorted order), `perInspection` of them chosen by the same partial Fisher–Yates, same stream.
 */
export const DRAW_ALGORITHM = 'sm3-sm4ctr-fy-v1';

export type DrawSubject = { code: string; name: string; grade: string };
export type DrawInspector = { id: string; name: string };
export type DrawConflict = { inspectorId: string; subjectCode: string };

export type DrawInput = {
  seed: string;
  subjects: readonly DrawSubject[];
  inspectors: readonly DrawInspector[];
  /** Credit grade → ratio in basis points (0–10000); a grade not listed is not sampled. */
  ratiosBp: Readonly<Record<string, number>>;
  conflicts: readonly DrawConflict[];
  perInspection: number;
};

export type DrawSelection = { subjectCode: string; grade: string; inspectorIds: string[] };
export type DrawStratum = { grade: string; candidates: number; ratioBp: number; selected: number };

export type DrawResult = {
  algorithm: typeof DRAW_ALGORITHM;
  subjectListHash: string;
  inspectorListHash: string;
  strata: DrawStratum[];
  selections: DrawSelection[];
};

const sm3Hex = (s: string | Buffer): string => createHash('sm3').update(s).digest('hex');
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// A subject's name does not take part: the draw depends on code and grade only, and leaving the name
// out keeps hashing a million-line list fast (and a renamed company does not change the hash).
export const subjectLine = (s: DrawSubject): string => `S|${s.code}|${s.grade}`;
export const inspectorLine = (i: DrawInspector): string => `I|${i.id}|${i.name}`;

/**
 * The random stream: SM4 in counter mode over zero bytes, keyed by the draw key (SM4 key = first 16
 * bytes, initial counter block = last 16 bytes, the counter a 128-bit big-endian integer, as in
 * GB/T 17964 CTR). Any SM4 implementation reproduces it; Node computes it natively in bulk, which
 * keeps a draw of a million subjects well under a second.
 */
export class Sm4CounterStream {
  readonly #cipher: Cipher;
  #words = new Uint32Array(0);
  #pos = 0;
  static readonly #zeros = Buffer.alloc(16 * 1024);

  constructor(keyHex: string) {
    const key = Buffer.from(keyHex, 'hex');
    if (key.length !== 32) throw new RangeError('draw key must be 32 bytes');
    this.#cipher = createCipheriv('sm4-ctr', key.subarray(0, 16), key.subarray(16, 32));
  }

  nextWord(): number {
    if (this.#pos >= this.#words.length) {
      const block = this.#cipher.update(Sm4CounterStream.#zeros);
      const words = new Uint32Array(block.length / 4);
      for (let i = 0; i < words.length; i++) words[i] = block.readUInt32BE(i * 4);
      this.#words = words;
      this.#pos = 0;
    }
    return this.#words[this.#pos++]!;
  }

  /** Uniform integer in [0, n), by rejection so that no value is favoured. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`bad bound ${n}`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const w = this.nextWord();
      if (w < limit) return w % n;
    }
  }
}

const ratioText = (ratiosBp: Readonly<Record<string, number>>): string =>
  Object.keys(ratiosBp)
    .sort(byCode)
    .map((g) => `${g}:${ratiosBp[g]}`)
    .join(',');

/** The list in key order; a list that already is (the usual export order) is not copied or re-sorted. */
function sortedBy<T>(list: readonly T[], key: (t: T) => string): readonly T[] {
  for (let i = 1; i < list.length; i++) {
    if (key(list[i - 1]!) > key(list[i]!)) return [...list].sort((a, b) => byCode(key(a), key(b)));
  }
  return list;
}

/** SM3 of the canonical lines, fed in chunks: one digest over the list, not one per candidate. */
function listHash<T>(sorted: readonly T[], line: (x: T) => string): string {
  const h = createHash('sm3');
  const chunk = 4096;
  for (let i = 0; i < sorted.length; i += chunk) {
    let text = '';
    const end = Math.min(sorted.length, i + chunk);
    for (let j = i; j < end; j++) text += `${line(sorted[j]!)}\n`;
    h.update(text, 'utf8');
  }
  return h.digest('hex');
}

/** SM3 list hash of candidates in any order, as published with a draw. */
export const subjectListHash = (subjects: readonly DrawSubject[]): string =>
  listHash(
    [...subjects].sort((a, b) => byCode(a.code, b.code)),
    subjectLine,
  );

/** ceil(n × bp / 10000) in integers: ratios as floats would round 7% of 100 up to 8. */
export const stratumSize = (n: number, bp: number): number => Math.min(n, Math.ceil((n * bp) / 10000));

export function drawKey(
  input: Pick<DrawInput, 'seed' | 'ratiosBp' | 'perInspection'>,
  subjectListHash: string,
  inspectorListHash: string,
): string {
  return sm3Hex(
    `${DRAW_ALGORITHM}|${input.seed}|${subjectListHash}|${inspectorListHash}|${ratioText(input.ratiosBp)}|${input.perInspection}`,
  );
}

function validate(input: DrawInput): void {
  const problems: string[] = [];
  if (!input.seed) problems.push('随机种子不能为空');
  if (!Number.isInteger(input.perInspection) || input.perInspection < 2) {
    problems.push('每个检查对象至少应配两名检查人员');
  }
  for (const [grade, bp] of Object.entries(input.ratiosBp)) {
    if (!Number.isInteger(bp) || bp < 0 || bp > 10000)
      problems.push(`信用等级 ${grade} 的抽查比例应在 0%–100% 之间`);
  }
  if (problems.length) throw new DomainError('VALIDATION', problems.join('；'), { problems });
}

/** Runs the draw. Throws PRECONDITION_FAILED when a drawn subject has too few eligible inspectors. */
export function runDraw(input: DrawInput): DrawResult {
  validate(input);
  const subjects = sortedBy(input.subjects, (s) => s.code);
  const inspectors = sortedBy(input.inspectors, (i) => i.id);
  // Sorted, so a duplicate sits next to its twin: no set of a million codes needed.
  const dupes: string[] = [];
  for (let i = 1; i < subjects.length && dupes.length < 20; i++) {
    if (subjects[i]!.code === subjects[i - 1]!.code) dupes.push(`检查对象 ${subjects[i]!.code} 重复`);
  }
  for (let i = 1; i < inspectors.length; i++) {
    if (inspectors[i]!.id === inspectors[i - 1]!.id) dupes.push(`检查人员 ${inspectors[i]!.name} 重复`);
  }
  if (dupes.length) throw new DomainError('VALIDATION', dupes.join('；'), { problems: dupes });
  const subjectListHash = listHash(subjects, subjectLine);
  const inspectorListHash = listHash(inspectors, inspectorLine);

  if (inspectors.length < input.perInspection) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      `检查人员不足：每个检查对象需要 ${input.perInspection} 名检查人员，名单中只有 ${inspectors.length} 名`,
      { required: input.perInspection, available: inspectors.length },
    );
  }

  const rng = new Sm4CounterStream(drawKey(input, subjectListHash, inspectorListHash));

  // Strata by grade, each holding indices into the sorted subject list (so in sorted order).
  const byGrade = new Map<string, number[]>();
  for (let i = 0; i < subjects.length; i++) {
    const g = subjects[i]!.grade;
    const list = byGrade.get(g);
    if (list) list.push(i);
    else byGrade.set(g, [i]);
  }
  const grades = [...new Set([...byGrade.keys(), ...Object.keys(input.ratiosBp)])].sort(byCode);
  const strata: DrawStratum[] = [];
  const chosen: number[] = [];
  for (const grade of grades) {
    const members = byGrade.get(grade) ?? [];
    const bp = input.ratiosBp[grade] ?? 0;
    const k = stratumSize(members.length, bp);
    const pool = Int32Array.from(members);
    for (let i = 0; i < k; i++) {
      const j = i + rng.below(pool.length - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
      chosen.push(pool[i]!);
    }
    strata.push({ grade, candidates: members.length, ratioBp: bp, selected: k });
  }

  const conflicted = new Map<string, Set<string>>();
  for (const c of input.conflicts) {
    const set = conflicted.get(c.subjectCode);
    if (set) set.add(c.inspectorId);
    else conflicted.set(c.subjectCode, new Set([c.inspectorId]));
  }
  const allIds = inspectors.map((i) => i.id);
  const selections: DrawSelection[] = chosen.map((idx) => {
    const s = subjects[idx]!;
    const excluded = conflicted.get(s.code);
    const eligible = excluded ? allIds.filter((id) => !excluded.has(id)) : [...allIds];
    if (eligible.length < input.perInspection) {
      throw new DomainError(
        'PRECONDITION_FAILED',
        `与检查对象“${s.name}”无利益冲突的检查人员只有 ${eligible.length} 名，少于每个对象所需的 ${input.perInspection} 名，请增加检查人员`,
        { subjectCode: s.code, eligible: eligible.length, required: input.perInspection },
      );
    }
    for (let i = 0; i < input.perInspection; i++) {
      const j = i + rng.below(eligible.length - i);
      const t = eligible[i]!;
      eligible[i] = eligible[j]!;
      eligible[j] = t;
    }
    return { subjectCode: s.code, grade: s.grade, inspectorIds: eligible.slice(0, input.perInspection) };
  });

  return {
    algorithm: DRAW_ALGORITHM,
    subjectListHash,
    inspectorListHash,
    strata,
    selections,
  };
}

/** Percent (up to two decimals) → basis points, rejecting anything finer than the stored unit. */
export function percentToBp(percent: number, grade: string): number {
  const bp = Math.round(percent * 100);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100 || Math.abs(bp - percent * 100) > 1e-6) {
    throw new DomainError('VALIDATION', `信用等级 ${grade} 的抽查比例应为 0–100 之间、最多两位小数的百分数`);
  }
  return bp;
}
